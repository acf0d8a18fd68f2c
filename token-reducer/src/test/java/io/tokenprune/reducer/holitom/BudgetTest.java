package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BudgetTest {
  @Test
  void withoutStaticMergingTheRatioIsR() {
    assertThat(Budget.retainRatio(0.1, 32, 196, 0)).isEqualTo(0.1);
  }

  @Test
  void staticMergingRaisesTheRatioSoAboutRStaysOverall() {
    // 4 frames x 10 tokens, 20 removed by static merging: keep 0.1 * 40 = 4 of the 20 left.
    assertThat(Budget.retainRatio(0.1, 4, 10, 20)).isCloseTo(0.2, within(1e-12));
    // Capped at 1 when the merge alone is below budget.
    assertThat(Budget.retainRatio(0.5, 4, 10, 30)).isEqualTo(1.0);
  }

  @Test
  void keepCountsCeilDynamicAndRoundStaticHalfToEven() {
    assertThat(Budget.dynamicKeep(196, 0.1)).isEqualTo(20); // 19.6
    assertThat(Budget.dynamicKeep(10, 0.01)).isEqualTo(1);
    assertThat(Budget.dynamicKeep(0, 0.5)).isZero();
    assertThat(Budget.clusterCount(5, 0.5)).isEqualTo(2); // 2.5 -> 2, as Python's round
    assertThat(Budget.clusterCount(7, 0.5)).isEqualTo(4); // 3.5 -> 4
    assertThat(Budget.clusterCount(3, 0.1)).isZero();
  }

  @Test
  void rejectsATotalThatRemovesEverything() {
    assertThatThrownBy(() -> Budget.retainRatio(0.1, 2, 3, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpTotal must be in [0, 6), got 6");
  }
}
