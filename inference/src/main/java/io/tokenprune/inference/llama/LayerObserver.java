package io.tokenprune.inference.llama;

/** Told about every decoder layer a forward pass computes: for tracing, metrics and tests. */
@FunctionalInterface
public interface LayerObserver {
  LayerObserver NONE = (layer, tokens) -> {};

  /**
   * @param layer the layer index
   * @param tokens how many tokens this call computes it for (a chunk, or 1 when decoding)
   */
  void onLayer(int layer, int tokens);
}
