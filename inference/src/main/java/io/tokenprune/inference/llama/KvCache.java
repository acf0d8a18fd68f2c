package io.tokenprune.inference.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Post-RoPE keys and values per layer, each layer with its own length: after an inner merge at
 * layer K, layers below K hold every prompt token and layers from K on hold only the kept ones.
 *
 * <p>Storage is a capacity buffer per layer, [B, Hkv, capacity, d], grown by doubling and written
 * in place, so a decode step costs O(1) amortised copying. Buffers live in the manager given at
 * construction (one request's). {@link #fork} shares another cache's buffers copy-on-write: the
 * first append to a shared layer copies it into this cache's own buffer, so a cached document
 * prefix is never written by the questions that extend it.
 *
 * <p>Inference only: appends are in-place writes, which autograd does not track.
 */
public final class KvCache {
  private static final int MIN_CAPACITY = 16;

  private final NDManager manager;
  private final NDArray[] keys; // [B, Hkv, capacity, d] per layer, or null
  private final NDArray[] values;
  private final int[] lengths;
  private final boolean[] shared;
  private int capacityHint;

  public KvCache(int numLayers, NDManager manager) {
    this.manager = manager;
    this.keys = new NDArray[numLayers];
    this.values = new NDArray[numLayers];
    this.lengths = new int[numLayers];
    this.shared = new boolean[numLayers];
  }

  /**
   * A cache that starts with this one's contents without copying them. This cache must stay open
   * and unchanged while the fork lives.
   *
   * @param manager owns the fork's own buffers
   */
  public KvCache fork(NDManager manager) {
    KvCache f = new KvCache(keys.length, manager);
    for (int l = 0; l < keys.length; l++) {
      f.keys[l] = keys[l];
      f.values[l] = values[l];
      f.lengths[l] = lengths[l];
      f.shared[l] = keys[l] != null;
    }
    return f; // no capacity hint: a fork's owner reserves for its own total
  }

  /** Sizes the first allocation of each layer for this many tokens, avoiding regrowth. */
  public void reserve(int tokens) {
    capacityHint = Math.max(capacityHint, tokens);
  }

  public int numLayers() {
    return keys.length;
  }

  /** Tokens cached at this layer. */
  public int length(int layer) {
    return lengths[layer];
  }

  /** Tokens cached per layer. */
  public int[] lengths() {
    return lengths.clone();
  }

  /** Bytes of keys and values actually held (length, not capacity), all layers. */
  public long bytes() {
    long total = 0;
    for (int l = 0; l < keys.length; l++) {
      if (keys[l] != null) {
        Shape s = keys[l].getShape();
        total += 2L * s.get(0) * s.get(1) * lengths[l] * s.get(3) * Float.BYTES;
      }
    }
    return total;
  }

  /**
   * Appends one step's keys and values at a layer.
   *
   * @param k [B, Hkv, T, d] post-RoPE keys
   * @param v [B, Hkv, T, d] values
   * @param scope owns the returned views
   * @return views of all cached keys and values at this layer, [B, Hkv, length, d] each
   */
  NDList append(int layer, NDArray k, NDArray v, NDManager scope) {
    int len = lengths[layer];
    int need = len + Math.toIntExact(k.getShape().get(2));
    NDArray kb = keys[layer];
    if (kb == null || shared[layer] || kb.getShape().get(2) < need) {
      // own buffers double; a shared prefix is copied once into just what is needed
      long grown = kb == null || shared[layer] ? 0 : 2 * kb.getShape().get(2);
      long capacity = Math.max(Math.max(need, MIN_CAPACITY), Math.max(grown, capacityHint));
      keys[layer] = regrow(kb, k.getShape(), capacity, len, shared[layer], scope);
      values[layer] = regrow(values[layer], v.getShape(), capacity, len, shared[layer], scope);
      shared[layer] = false;
    }
    NDIndex fresh = new NDIndex(":, :, {}:{}", len, need);
    keys[layer].set(fresh, k);
    values[layer].set(fresh, v);
    lengths[layer] = need;
    NDIndex all = new NDIndex(":, :, :{}", need);
    return new NDList(keys[layer].get(scope, all), values[layer].get(scope, all));
  }

  private NDArray regrow(
      NDArray old, Shape like, long capacity, int len, boolean oldShared, NDManager scope) {
    Shape shape = new Shape(like.get(0), like.get(1), capacity, like.get(3));
    NDArray grown = manager.create(shape, DataType.FLOAT32);
    if (old != null) {
      if (len > 0) {
        NDIndex kept = new NDIndex(":, :, :{}", len);
        grown.set(kept, old.get(scope, kept));
      }
      if (!oldShared) {
        old.close();
      }
    }
    return grown;
  }

  @Override
  public String toString() {
    return "KvCache" + Arrays.toString(lengths);
  }
}
