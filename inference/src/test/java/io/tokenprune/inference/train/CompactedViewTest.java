package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactedViewTest {
  private final RetrievalCorpus corpus = CorpusFixture.corpus();
  private final CorpusTokenizer tokenizer = CorpusFixture.tokenizer();

  @Test
  void keepsTheBudgetTheKeyAndTheAnswerInDocumentOrder() {
    for (int seed = 0; seed < 30; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      RetrievalSample s = corpus.training(700, random);
      CompactedView v = CompactedView.of(s, 0, 96, seed % 2 == 0, random);
      RetrievalSample.Asked a = s.asked().get(0);
      int[] question = s.questionPart(0);
      int[] t = v.tokens();
      int kept = v.answerAt() - question.length - 1;
      assertThat(kept).isBetween(1, 96);
      assertThat(t[0]).isEqualTo(tokenizer.bos());
      assertThat(Arrays.copyOfRange(t, 1 + kept, v.answerAt())).containsExactly(question);
      assertThat(v.answer()).containsExactly(a.answerIds());
      assertThat(t[t.length - 1]).isEqualTo(tokenizer.eos());

      int[] selected = Arrays.copyOfRange(t, 1, 1 + kept);
      int[] doc = Arrays.copyOfRange(s.tokens(), 1, s.documentEnd());
      assertThat(isSubsequence(selected, doc)).as("selected tokens keep document order").isTrue();
      int[] keyToAnswer = Arrays.copyOfRange(s.tokens(), a.keyStart(), a.answerEnd());
      assertThat(indexOf(selected, keyToAnswer)).as("key..answer kept whole").isNotNegative();
    }
  }

  @Test
  void aBudgetLargerThanTheDocumentKeepsItAll() {
    SplittableRandom random = new SplittableRandom(9);
    RetrievalSample s = corpus.training(200, random);
    CompactedView v = CompactedView.of(s, 0, 10_000, false, random);
    assertThat(v.answerAt() - s.questionPart(0).length - 1).isEqualTo(s.documentLength());
  }

  @Test
  void keepingEveryOtherFactKeepsEachWhole() {
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      RetrievalSample s = corpus.training(1000, 8, random);
      int factTokens = Arrays.stream(s.factSpans()).mapToInt(f -> f[1] - f[0]).sum();
      // room for every fact, the asked one's jittered edges and a few runs besides
      CompactedView v = CompactedView.of(s, 0, factTokens + 16, false, 1.0, random);
      int kept = v.answerAt() - s.questionPart(0).length - 1;
      int[] selected = Arrays.copyOfRange(v.tokens(), 1, 1 + kept);
      for (int[] span : s.factSpans()) {
        if (span[0] == s.asked().get(0).factStart()) {
          continue; // the asked fact's edges are jittered on purpose
        }
        int[] fact = Arrays.copyOfRange(s.tokens(), span[0], span[1]);
        assertThat(indexOf(selected, fact))
            .as("seed %d: fact at %d kept whole", seed, span[0])
            .isNotNegative();
      }
    }
  }

  @Test
  void theDefaultShareOfOtherFactsDrawsAsTheFiveArgumentForm() {
    RetrievalSample s = corpus.training(700, 8, new SplittableRandom(3));
    CompactedView plain = CompactedView.of(s, 0, 96, false, new SplittableRandom(5));
    CompactedView explicit =
        CompactedView.of(
            s, 0, 96, false, CompactedView.DEFAULT_OTHER_FACTS, new SplittableRandom(5));
    assertThat(explicit.tokens()).containsExactly(plain.tokens());
  }

  @Test
  void rejectsAShareOutsideZeroToOne() {
    RetrievalSample s = corpus.training(300, new SplittableRandom(1));
    assertThatThrownBy(() -> CompactedView.of(s, 0, 50, false, 1.5, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otherFacts");
  }

  @Test
  void aRealSelectionKeepsExactlyItsPositionsThenTheQuestionAndTheAnswer() {
    SplittableRandom random = new SplittableRandom(11);
    RetrievalSample s = corpus.training(700, 4, random);
    int q = 1;
    RetrievalSample.Asked a = s.asked().get(q);
    java.util.TreeSet<Integer> kept = new java.util.TreeSet<>();
    for (int p = a.keyStart(); p < a.answerEnd(); p++) {
      kept.add(p);
    }
    kept.addAll(java.util.List.of(1, 2, 3, s.documentEnd() - 1));
    int[] positions = kept.stream().mapToInt(Integer::intValue).toArray();

    CompactedView v = CompactedView.ofSelection(s, q, positions).orElseThrow();

    int[] t = v.tokens();
    assertThat(t[0]).isEqualTo(tokenizer.bos());
    for (int i = 0; i < positions.length; i++) {
      assertThat(t[1 + i]).as("kept position %d", positions[i]).isEqualTo(s.tokens()[positions[i]]);
    }
    assertThat(Arrays.copyOfRange(t, 1 + positions.length, v.answerAt()))
        .containsExactly(s.questionPart(q));
    assertThat(v.answer()).containsExactly(a.answerIds());
    assertThat(t[t.length - 1]).isEqualTo(tokenizer.eos());
  }

  @Test
  void aSelectionThatLostTheAnswerGivesNoView() {
    RetrievalSample s = corpus.training(700, new SplittableRandom(12));
    RetrievalSample.Asked a = s.asked().get(0);
    int[] keyOnly = new int[a.keyEnd() - a.keyStart()];
    Arrays.setAll(keyOnly, i -> a.keyStart() + i);
    assertThat(CompactedView.ofSelection(s, 0, keyOnly)).isEmpty();
    assertThatThrownBy(() -> CompactedView.ofSelection(s, 0, new int[] {5, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascend");
    assertThatThrownBy(() -> CompactedView.ofSelection(s, 0, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean isSubsequence(int[] part, int[] whole) {
    int j = 0;
    for (int i = 0; i < whole.length && j < part.length; i++) {
      if (whole[i] == part[j]) {
        j++;
      }
    }
    return j == part.length;
  }

  private static int indexOf(int[] in, int[] needle) {
    outer:
    for (int i = 0; i + needle.length <= in.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (in[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
