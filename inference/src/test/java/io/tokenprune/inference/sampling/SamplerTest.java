package io.tokenprune.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
  // probabilities after softmax: 0.5, 0.3, 0.15, 0.05
  private static final float[] LOGITS = {
    (float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)
  };

  @Test
  void greedyTakesTheArgmaxAndTheLowestIdOnTies() {
    Sampler s = new Sampler(SamplingOptions.GREEDY);
    assertThat(s.next(new float[] {0.1f, 3f, -2f, 3f})).isEqualTo(1);
    assertThat(s.next(LOGITS)).isZero();
  }

  @Test
  void topPNeverDrawsOutsideTheNucleus() {
    // 0.5 + 0.3 = 0.8 >= 0.7: only ids 0 and 1 may come out
    Sampler s = new Sampler(SamplingOptions.sample(1.0, 0.7, 3));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      seen.add(s.next(LOGITS));
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void temperatureOneSamplesTheSoftmax() {
    Sampler s = new Sampler(SamplingOptions.sample(1.0, 1.0, 4));
    int[] counts = new int[4];
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts[s.next(LOGITS)]++;
    }
    double[] p = {0.5, 0.3, 0.15, 0.05};
    for (int i = 0; i < 4; i++) {
      // 5 standard deviations of a binomial share
      double sd = Math.sqrt(p[i] * (1 - p[i]) / n);
      assertThat((double) counts[i] / n)
          .as("id %d", i)
          .isCloseTo(p[i], org.assertj.core.api.Assertions.within(5 * sd));
    }
  }

  @Test
  void lowTemperatureSharpensAndTheSeedFixesTheSequence() {
    Sampler cold = new Sampler(SamplingOptions.sample(0.05, 1.0, 1));
    for (int i = 0; i < 200; i++) {
      assertThat(cold.next(LOGITS)).isZero();
    }
    Sampler a = new Sampler(SamplingOptions.sample(1.5, 0.95, 42));
    Sampler b = new Sampler(SamplingOptions.sample(1.5, 0.95, 42));
    Sampler c = new Sampler(SamplingOptions.sample(1.5, 0.95, 43));
    StringBuilder sa = new StringBuilder();
    StringBuilder sb = new StringBuilder();
    StringBuilder sc = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      sa.append(a.next(LOGITS));
      sb.append(b.next(LOGITS));
      sc.append(c.next(LOGITS));
    }
    assertThat(sa.toString()).isEqualTo(sb.toString()).isNotEqualTo(sc.toString());
  }

  @Test
  void rejectsBadOptionsAndNaN() {
    assertThatThrownBy(() -> SamplingOptions.sample(-1, 1, 0)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> SamplingOptions.sample(1, 0, 0)).hasMessageContaining("topP");
    assertThatThrownBy(() -> new Sampler(SamplingOptions.GREEDY).next(new float[] {1, Float.NaN}))
        .hasMessageContaining("NaN");
  }
}
