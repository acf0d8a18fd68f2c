package io.tokenprune.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ModelWeights;
import io.tokenprune.inference.model.TensorSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The starting weights of a training run, a function of the seed and each tensor's name only.
 * Embeddings N(0, 0.02^2) (they are tied to the LM head, so initial logits are near uniform);
 * q/k/v/gate/up N(0, 1/fan_in); o and down the same scaled by 1/sqrt(2 * layers), so the residual
 * stream does not grow with depth; RMSNorm gains 1.
 */
final class ParameterInit {
  private ParameterInit() {}

  /** Fresh trainable weights (gradients attached) owned by {@code manager}. */
  static ModelWeights create(ModelConfig config, long seed, NDManager manager) {
    Map<String, NDArray> named = new LinkedHashMap<>();
    for (TensorSpec spec : TensorSpec.all(config)) {
      NDArray a = manager.create(values(spec, config, seed), new Shape(spec.shape()));
      a.setRequiresGradient(true);
      named.put(spec.name(), a);
    }
    return ModelWeights.of(config, named, manager);
  }

  static float[] values(TensorSpec spec, ModelConfig config, long seed) {
    String name = spec.name();
    float[] v = new float[Math.toIntExact(spec.elements())];
    if (name.endsWith("norm.weight")) {
      java.util.Arrays.fill(v, 1f);
      return v;
    }
    if (name.endsWith(".bias")) {
      return v;
    }
    double std;
    if (name.equals(TensorSpec.EMBED) || name.equals(TensorSpec.LM_HEAD)) {
      std = 0.02;
    } else {
      std = 1 / Math.sqrt(spec.shape()[1]);
      if (name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight")) {
        std /= Math.sqrt(2.0 * config.numLayers());
      }
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std * random.nextGaussian());
    }
    return v;
  }
}
