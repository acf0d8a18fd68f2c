package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpeMergesTest {
  @Test
  void mergesTheMostFrequentPairFirstAndBreaksTiesByOrder() {
    // "ab" occurs 5+3 times, "bc" 3 times, "cd" 2 times
    List<String[]> merges = BpeMerges.learn(Map.of("ab", 5, "abc", 3, "cd", 2), 3);
    assertThat(merges).hasSize(3);
    assertThat(merges.get(0)).containsExactly("a", "b");
    assertThat(merges.get(1)).containsExactly("ab", "c");
    assertThat(merges.get(2)).containsExactly("c", "d");
  }

  @Test
  void stopsWhenNoPairRepeats() {
    assertThat(BpeMerges.learn(Map.of("xy", 1, "z", 9), 10)).isEmpty();
  }

  @Test
  void countsSymbolsNotMerges() {
    // "ab"+"c" and "a"+"bc" both spell "abc": two merges, one new symbol among them
    List<String[]> merges = BpeMerges.learn(Map.of("abc", 4, "ab", 4, "bc", 5), 3);
    assertThat(merges.stream().map(m -> m[0] + m[1]).distinct().count()).isEqualTo(3);
  }

  @Test
  void rejectsANegativeTarget() {
    assertThatThrownBy(() -> BpeMerges.learn(Map.of(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
