package io.tokenprune.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RopeFrequenciesTest {
  @Test
  void plainFrequenciesAreThetaToTheMinusTwoIOverD() {
    // theta 10000, d 8: 10000^(-0/8), ^(-2/8), ^(-4/8), ^(-6/8)
    assertThat(RopeFrequencies.inverse(8, 10_000, RopeScaling.NONE))
        .containsExactly(new float[] {1f, 0.1f, 0.01f, 0.001f}, within(1e-9f));
  }

  @Test
  void llama3ScalingByHand() {
    // original context 1024, low 1, high 4: wavelengths above 1024 are divided by 8, those below
    // 256 are kept, between them smooth = (1024 / wavelength - 1) / 3 blends the two.
    // wavelengths 2*pi/inv: 6.28, 62.8 (kept), 628.3 (blended), 6283 (divided)
    // blended: smooth = (1024 / 628.3185 - 1) / 3 = 0.2099155; 0.01 * ((1 - s) / 8 + s) =
    // 0.00308676
    float[] inv = RopeFrequencies.inverse(8, 10_000, RopeScaling.llama3(8, 1, 4, 1024));
    assertThat(inv[0]).isEqualTo(1f);
    assertThat(inv[1]).isEqualTo(0.1f, within(1e-9f));
    assertThat(inv[2]).isEqualTo(0.00308676f, within(1e-8f));
    assertThat(inv[3]).isEqualTo(0.000125f, within(1e-10f));
  }

  @Test
  void linearScalingDividesEveryFrequency() {
    float[] inv = RopeFrequencies.inverse(8, 10_000, RopeScaling.linear(4));
    assertThat(inv).containsExactly(new float[] {0.25f, 0.025f, 0.0025f, 0.00025f}, within(1e-9f));
  }
}
