package io.tokenprune.reducer.gemfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SentencesTest {
  @Test
  void splitsAtTerminatorsFollowedBySpaceAndKeepsTheSpaceWithTheNextSentence() {
    String text = "The key is 3.14. Remember it! Why? \"Done.\" Next";
    assertThat(starts(text))
        .containsExactly("The key is 3.14.", " Remember it!", " Why?", " \"Done.\"", " Next");
  }

  @Test
  void lineBreaksEndSentencesAndStayWithTheSentenceBefore() {
    assertThat(starts("Title\n\nFirst line.\r\nSecond"))
        .containsExactly("Title\n\n", "First line.\r\n", "Second");
    assertThat(starts("a\n")).containsExactly("a\n");
    assertThat(SentenceBoundaries.starts("")).isEmpty();
  }

  @Test
  void fullWidthTerminatorsNeedNoSpace() {
    assertThat(starts("钥匙是七。记住它！好")).containsExactly("钥匙是七。", "记住它！", "好");
  }

  @Test
  void noSplitInsideNumbersOrAtTheEnd() {
    assertThat(starts("Pi is 3.14159...")).containsExactly("Pi is 3.14159...");
  }

  @Test
  void tokensJoinTheSentenceOfTheirFirstCharacter() {
    // BPE-like tokens: "Hi" "." " Yo" "." starting at chars 0, 2, 3, 6
    int[] sentenceStarts = SentenceBoundaries.starts("Hi. Yo.");
    Sentences s = Sentences.fromCharOffsets(sentenceStarts, new int[] {0, 2, 3, 6}, 10);
    assertThat(s.bounds()).containsExactly(10, 12, 14);
  }

  @Test
  void byteTokensOfOneCharacterStayTogether() {
    String text = "é. b";
    // one token per UTF-8 byte: é is two bytes, both starting at char 0
    int[] charOfByte = {0, 0, 1, 2, 3};
    assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(charOfByte.length);
    Sentences s = Sentences.fromCharOffsets(SentenceBoundaries.starts(text), charOfByte, 0);
    assertThat(s.bounds()).containsExactly(0, 3, 5);
  }

  @Test
  void aSentenceNoTokenStartsInDisappears() {
    // one token spans "a. b"; sentence " b" has no token of its own
    Sentences s = Sentences.fromCharOffsets(new int[] {0, 2, 4}, new int[] {0, 4}, 0);
    assertThat(s.bounds()).containsExactly(0, 1, 2);
    assertThat(Sentences.fromCharOffsets(new int[] {0}, new int[0], 7).count()).isZero();
  }

  @Test
  void cappingCutsLongSentencesOnly() {
    assertThat(Sentences.of(0, 2, 9).capped(3).bounds()).containsExactly(0, 2, 5, 8, 9);
    assertThat(Sentences.of(0, 2, 5).capped(3)).isEqualTo(Sentences.of(0, 2, 5));
  }

  @Test
  void boundsMustIncrease() {
    assertThatThrownBy(() -> Sentences.of(0, 3, 3))
        .hasMessage("sentence bounds must be strictly increasing, got 3 then 3 at index 2");
    assertThatThrownBy(() -> Sentences.fromCharOffsets(new int[] {0}, new int[] {2, 1}, 0))
        .hasMessage("token char offsets must not decrease, got 2 then 1 at token 1");
  }

  /** The text cut at its sentence starts. */
  private static String[] starts(String text) {
    int[] s = SentenceBoundaries.starts(text);
    String[] out = new String[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = text.substring(s[i], i + 1 < s.length ? s[i + 1] : text.length());
    }
    return out;
  }
}
