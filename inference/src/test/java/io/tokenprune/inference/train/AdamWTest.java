package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class AdamWTest {
  @Test
  void firstStepMovesEachWeightByTheRateAgainstItsGradientsSignAndDecaysMatricesOnly() {
    try (NDManager base = NDManager.newBaseManager()) {
      NDArray w = base.create(new float[] {1, -2, 3, 4}, new Shape(2, 2));
      NDArray gain = base.create(new float[] {0.5f, 0.5f});
      NDList params = new NDList(w, gain);
      params.forEach(p -> p.setRequiresGradient(true));
      backward(base, w, gain, new float[] {2, -1, 0.5f, -3}, new float[] {1, -1});
      try (AdamW adam = new AdamW(params, base, 0.9, 0.95, 0.1)) {
        double norm = adam.step(0.01, 100);
        assertThat(norm).isCloseTo(Math.sqrt(4 + 1 + 0.25 + 9 + 1 + 1), within(1e-5));
        // step 1 of Adam: m_hat / sqrt(v_hat) = g / |g|
        float[] expectW = {
          1 * (1 - 0.001f) - 0.01f, -2 * (1 - 0.001f) + 0.01f,
          3 * (1 - 0.001f) - 0.01f, 4 * (1 - 0.001f) + 0.01f
        };
        assertThat(w.toFloatArray()).containsExactly(expectW, within(1e-5f));
        assertThat(gain.toFloatArray()).containsExactly(new float[] {0.49f, 0.51f}, within(1e-5f));
        assertThat(adam.steps()).isEqualTo(1);

        adam.zeroGradients();
        try (NDArray g = w.getGradient()) {
          assertThat(g.abs().sum().getFloat()).isZero();
        }
      }
    }
  }

  @Test
  void aNonFiniteGradientChangesNothing() {
    try (NDManager base = NDManager.newBaseManager()) {
      NDArray w = base.create(new float[] {1, 2}, new Shape(1, 2));
      w.setRequiresGradient(true);
      NDArray gain = base.create(new float[] {1});
      gain.setRequiresGradient(true);
      backward(base, w, gain, new float[] {Float.NaN, 1}, new float[] {1});
      try (AdamW adam = new AdamW(new NDList(w, gain), base, 0.9, 0.95, 0.0)) {
        assertThat(adam.step(0.01, 1)).isNaN();
        assertThat(w.toFloatArray()).containsExactly(1, 2);
        assertThat(adam.steps()).isZero();
      }
    }
  }

  /** Gives w and gain the gradients gw and gg (loss = sum(w * gw) + sum(gain * gg)). */
  private static void backward(NDManager base, NDArray w, NDArray gain, float[] gw, float[] gg) {
    try (NDManager m = base.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          m.create(gw, w.getShape())
              .mul(w)
              .sum()
              .add(m.create(gg, gain.getShape()).mul(gain).sum());
      gc.backward(loss);
    }
  }
}
