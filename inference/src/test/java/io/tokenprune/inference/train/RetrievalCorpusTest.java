package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrievalCorpusTest {
  private final RetrievalCorpus corpus = CorpusFixture.corpus();
  private final CorpusTokenizer tokenizer = CorpusFixture.tokenizer();

  @Test
  void tokenizerRoundTripsTextAndKeepsDigitsApart() {
    String text = "The code for the blue door is 7412. Ünïcode too.";
    int[] ids = tokenizer.encode(text);
    assertThat(tokenizer.decode(ids)).isEqualTo(text);
    assertThat(tokenizer.vocabSize()).isEqualTo(CorpusFixture.VOCAB);
    int[] digits = tokenizer.encode(" 7412");
    assertThat(digits).hasSize(5); // the space, then one token per digit
    assertThat(tokenizer.decode(Arrays.copyOfRange(digits, 1, 2))).isEqualTo("7");
  }

  @Test
  void trainingSequencesHaveTheExactLengthAndTheirAnswersAreInTheDocument() {
    for (int seed = 0; seed < 20; seed++) {
      RetrievalSample s = corpus.training(256 + 37 * seed, new SplittableRandom(seed));
      int[] t = s.tokens();
      assertThat(t).hasSize(256 + 37 * seed);
      assertThat(t[0]).isEqualTo(tokenizer.bos());
      assertThat(t[t.length - 1]).isEqualTo(tokenizer.eos());
      // the document's text tokenizes to exactly the document's ids
      assertThat(tokenizer.encode(s.documentText()))
          .containsExactly(Arrays.copyOfRange(t, 1, s.documentEnd()));
      for (RetrievalSample.Asked a : s.asked()) {
        assertThat(decode(t, a.answerStart(), a.answerEnd())).isEqualTo(" " + a.fact().answer());
        assertThat(decode(t, a.answerAt(), a.answerAt() + a.answerIds().length))
            .isEqualTo(" " + a.fact().reply());
        // the reply ends with the value then "." (the copy term relies on it)
        int n = a.answerEnd() - a.answerStart();
        int first = a.answerAt() + a.answerIds().length - 1 - n;
        assertThat(Arrays.copyOfRange(t, first, first + n))
            .containsExactly(Arrays.copyOfRange(t, a.answerStart(), a.answerEnd()));
        assertThat(t[a.answerAt() + a.answerIds().length]).isEqualTo(tokenizer.eos());
        assertThat(decode(t, a.keyStart(), a.keyEnd())).isEqualTo(" " + a.fact().key());
        assertThat(decode(t, a.factStart(), a.factEnd())).isEqualTo(" " + a.fact().sentence());
        assertThat(decode(t, a.questionStart(), a.answerAt()))
            .isEqualTo(RetrievalCorpus.QUESTION_PREFIX + a.fact().question());
      }
    }
  }

  @Test
  void needlePromptsPlaceTheFactAtTheAskedDepth() {
    RetrievalSample first = corpus.needle(512, 0, FactKind.CODE, new SplittableRandom(1));
    assertThat(first.prompt(0)).hasSize(512);
    assertThat(first.asked().get(0).factStart()).isEqualTo(1);
    RetrievalSample last = corpus.needle(512, 1, FactKind.MAGIC_WORD, new SplittableRandom(1));
    assertThat(last.asked().get(0).factEnd()).isEqualTo(last.documentEnd());
    RetrievalSample middle = corpus.needle(1024, 0.5, FactKind.PASS_KEY, new SplittableRandom(1));
    double at = (double) middle.asked().get(0).factStart() / middle.documentLength();
    assertThat(at).isBetween(0.4, 0.6);
    assertThat(middle.tokens()).hasSize(1024 + middle.asked().get(0).answerIds().length + 1);
  }

  @Test
  void equalSeedsGiveEqualSequences() {
    int[] a = corpus.training(300, new SplittableRandom(42)).tokens();
    int[] b = corpus.training(300, new SplittableRandom(42)).tokens();
    int[] c = corpus.training(300, new SplittableRandom(43)).tokens();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void aLongSequenceTakesMoreQuestionsWhenAskedTo() {
    int most = 0;
    for (int seed = 0; seed < 20; seed++) {
      RetrievalSample s = corpus.training(4096, 8, new SplittableRandom(seed));
      assertThat(s.tokens()).hasSize(4096);
      assertThat(s.asked()).hasSizeBetween(1, 8);
      for (RetrievalSample.Asked a : s.asked()) {
        // each answer's value is in the document, where the question's key is
        assertThat(a.answerStart()).isBetween(a.factStart(), a.factEnd());
      }
      most = Math.max(most, s.asked().size());
    }
    assertThat(most).isGreaterThan(3);
  }

  @Test
  void aCodedNeedleHasALookAlikeDistractor() {
    RetrievalSample s = corpus.needle(600, 0.3, FactKind.CODE, new SplittableRandom(5));
    String key = s.asked().get(0).fact().key();
    String text = s.documentText();
    String[] parts = key.split(" ");
    long lookAlikes =
        Arrays.stream(text.split("\\."))
            .filter(sentence -> sentence.contains("The code for the"))
            .filter(sentence -> !sentence.contains(key))
            .filter(sentence -> sentence.contains(parts[0]) || sentence.contains(parts[1]))
            .count();
    assertThat(lookAlikes).isPositive();
  }

  @Test
  void refusesALengthTooShortForItsFacts() {
    assertThatThrownBy(() -> corpus.needle(20, 0.5, FactKind.CODE, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too short");
  }

  private String decode(int[] t, int from, int to) {
    return tokenizer.decode(Arrays.copyOfRange(t, from, to));
  }
}
