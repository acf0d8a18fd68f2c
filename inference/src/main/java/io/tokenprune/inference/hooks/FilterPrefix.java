package io.tokenprune.inference.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.llama.KvCache;

/**
 * A document prefix encoded for the early-layer filter: keys and values of layers 0..L-1 and the
 * post-RoPE keys of layer L, so a question appended later pays only for its own tokens. Read-only
 * once built and safe to share between concurrent questions; it owns its NDArrays until closed, so
 * a bounded cache (LRU by {@link #bytes()}) can hold it.
 */
public final class FilterPrefix implements AutoCloseable {
  private final NDManager manager;
  private final KvCache cache; // layers 0..L-1
  private final NDArray layerKeys; // [1, Hkv, P, d] at layer L
  private final int layer;
  private final int length;

  FilterPrefix(NDManager manager, KvCache cache, NDArray layerKeys, int layer, int length) {
    this.manager = manager;
    this.cache = cache;
    this.layerKeys = layerKeys;
    this.layer = layer;
    this.length = length;
  }

  /** The filter layer L this prefix was encoded for. */
  public int layer() {
    return layer;
  }

  /** P, the prefix's token count. */
  public int length() {
    return length;
  }

  /** Native bytes held: K/V of layers 0..L-1 plus layer L's keys. */
  public long bytes() {
    return cache.bytes() + layerKeys.getShape().size() * Float.BYTES;
  }

  KvCache cache() {
    return cache;
  }

  NDArray layerKeys() {
    return layerKeys;
  }

  @Override
  public void close() {
    manager.close();
  }
}
