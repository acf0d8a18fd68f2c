package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateTest {
  private final LearningRate lr = new LearningRate(1e-3, 0.1, 10, 110);

  @Test
  void rampsLinearlyThenDecaysAlongACosineToTheFloor() {
    assertThat(lr.at(0)).isCloseTo(1e-4, within(1e-12));
    assertThat(lr.at(9)).isCloseTo(1e-3, within(1e-12));
    assertThat(lr.at(10)).isCloseTo(1e-3, within(1e-12));
    assertThat(lr.at(60)).isCloseTo(0.55e-3, within(1e-9)); // halfway: mean of peak and floor
    assertThat(lr.at(110)).isCloseTo(1e-4, within(1e-12));
    assertThat(lr.at(500)).isCloseTo(1e-4, within(1e-12));
    for (int s = 11; s < 110; s++) {
      assertThat(lr.at(s)).isLessThan(lr.at(s - 1));
    }
  }

  @Test
  void rejectsAHorizonInsideTheWarmup() {
    assertThatThrownBy(() -> new LearningRate(1e-3, 0.1, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warmup 10");
  }
}
