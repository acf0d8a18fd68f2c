package io.tokenprune.inference.model;

import ai.djl.ndarray.NDArray;
import java.util.EnumMap;
import java.util.Map;

/**
 * One decoder layer's parameters, float32, on the model's device. Biases absent from the config are
 * null.
 */
public record LayerWeights(
    NDArray inputNorm, // [D]
    NDArray q, // [H*d, D]
    NDArray qBias, // [H*d] or null
    NDArray k, // [Hkv*d, D]
    NDArray kBias, // [Hkv*d] or null
    NDArray v, // [Hkv*d, D]
    NDArray vBias, // [Hkv*d] or null
    NDArray o, // [D, H*d]
    NDArray oBias, // [D] or null
    NDArray postNorm, // [D]
    NDArray gate, // [I, D]
    NDArray up, // [I, D]
    NDArray down) { // [D, I]

  /** Builds from tensors keyed by kind; absent optional tensors stay null. */
  static LayerWeights of(Map<LayerTensor, NDArray> t) {
    return new LayerWeights(
        t.get(LayerTensor.INPUT_NORM),
        t.get(LayerTensor.Q),
        t.get(LayerTensor.Q_BIAS),
        t.get(LayerTensor.K),
        t.get(LayerTensor.K_BIAS),
        t.get(LayerTensor.V),
        t.get(LayerTensor.V_BIAS),
        t.get(LayerTensor.O),
        t.get(LayerTensor.O_BIAS),
        t.get(LayerTensor.POST_NORM),
        t.get(LayerTensor.GATE),
        t.get(LayerTensor.UP),
        t.get(LayerTensor.DOWN));
  }

  /** The present tensors keyed by kind. */
  public Map<LayerTensor, NDArray> byKind() {
    Map<LayerTensor, NDArray> m = new EnumMap<>(LayerTensor.class);
    put(m, LayerTensor.INPUT_NORM, inputNorm);
    put(m, LayerTensor.Q, q);
    put(m, LayerTensor.Q_BIAS, qBias);
    put(m, LayerTensor.K, k);
    put(m, LayerTensor.K_BIAS, kBias);
    put(m, LayerTensor.V, v);
    put(m, LayerTensor.V_BIAS, vBias);
    put(m, LayerTensor.O, o);
    put(m, LayerTensor.O_BIAS, oBias);
    put(m, LayerTensor.POST_NORM, postNorm);
    put(m, LayerTensor.GATE, gate);
    put(m, LayerTensor.UP, up);
    put(m, LayerTensor.DOWN, down);
    return m;
  }

  private static void put(Map<LayerTensor, NDArray> m, LayerTensor kind, NDArray a) {
    if (a != null) {
      m.put(kind, a);
    }
  }
}
