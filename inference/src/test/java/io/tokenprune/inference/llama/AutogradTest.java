package io.tokenprune.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inference forward is also the training forward: gradients reach every parameter. */
class AutogradTest {
  @TempDir Path dir;

  @Test
  void everyParameterGetsTheFiniteDifferenceGradient() throws Exception {
    TinyModels.write(TinyModels.qwen2().toBuilder().numLayers(2).build(), dir);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      LlamaModel model = rt.model();
      Map<String, NDArray> params = model.weights().named();
      params.values().forEach(p -> p.setRequiresGradient(true));
      long[] ids = {5, 17, 250, 3, 99, 42, 7, 8, 200, 1, 77, 64};
      float loss0;
      try (NDManager m = model.newRequestManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray batch = m.create(ids, new Shape(2, 6));
        NDArray loss = loss(model, batch);
        loss0 = loss.getFloat();
        gc.backward(loss);
      }
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        try (NDArray g = e.getValue().getGradient()) {
          float[] grad = g.toFloatArray();
          double norm = 0;
          for (float v : grad) {
            assertThat(Float.isFinite(v)).isTrue();
            norm += v * v;
          }
          assertThat(norm).as("gradient of %s", e.getKey()).isPositive();
        }
      }
      // one coordinate against a central difference, outside the collector (no graph)
      NDArray norm = model.weights().finalNorm();
      float analytic;
      try (NDArray g = norm.getGradient()) {
        analytic = g.getFloat(3);
      }
      float h = 1e-2f;
      float plus = perturbed(model, norm, ids, h);
      float minus = perturbed(model, norm, ids, -h);
      assertThat((double) analytic)
          .isCloseTo((plus - minus) / (2 * h), within(2e-3 + 0.02 * Math.abs(analytic)));
      assertThat(loss0).isPositive();
    }
  }

  /** Mean cross-entropy of next-token prediction. */
  private static NDArray loss(LlamaModel model, NDArray batch) {
    NDArray logits = model.forward(batch.get(":, :-1")); // [B, T-1, V]
    NDArray targets = batch.get(":, 1:").expandDims(2); // [B, T-1, 1]
    NDArray logProbs = logits.logSoftmax(-1);
    NDArray picked = logProbs.gather(targets, 2); // [B, T-1, 1]
    return picked.mean().neg();
  }

  private static float perturbed(LlamaModel model, NDArray weight, long[] ids, float delta) {
    float old = weight.getFloat(3);
    weight.set(new NDIndex("3"), old + delta);
    try (NDManager m = model.newRequestManager()) {
      return loss(model, m.create(ids, new Shape(2, 6))).getFloat();
    } finally {
      weight.set(new NDIndex("3"), old);
    }
  }
}
