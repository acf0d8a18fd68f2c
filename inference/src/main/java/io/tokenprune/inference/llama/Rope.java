package io.tokenprune.inference.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding for explicit position ids, in Hugging Face's "rotate half" layout:
 * {@code x * cos + rotateHalf(x) * sin}, where {@code rotateHalf([x1, x2]) = [-x2, x1]} and both
 * tables repeat the T x d/2 angle table {@code position * invFreq} twice along the last axis.
 * Positions need not be contiguous: tokens kept after pruning keep their original ids.
 */
final class Rope {
  private final NDArray cos; // [T, d]
  private final NDArray sin; // [T, d]
  private final int half;

  private Rope(NDArray cos, NDArray sin, int half) {
    this.cos = cos;
    this.sin = sin;
    this.half = half;
  }

  /**
   * @param invFreq [d/2] from {@link io.tokenprune.inference.model.RopeFrequencies}
   * @param positions [T] position ids
   */
  static Rope of(NDManager manager, float[] invFreq, int[] positions) {
    float[] pos = new float[positions.length];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = positions[i];
    }
    NDArray p = manager.create(pos, new Shape(pos.length, 1));
    NDArray inv = manager.create(invFreq, new Shape(1, invFreq.length));
    NDArray angles = p.mul(inv); // [T, d/2], float32 as in transformers
    NDArray table = angles.concat(angles, 1); // [T, d]
    return new Rope(table.cos(), table.sin(), invFreq.length);
  }

  /** The table for the last position only. */
  Rope last() {
    return new Rope(cos.get(new NDIndex("-1:, :")), sin.get(new NDIndex("-1:, :")), half);
  }

  /**
   * @param x [B, heads, T, d]
   * @return [B, heads, T, d] rotated; x's manager owns the result
   */
  NDArray apply(NDArray x) {
    NDArray x1 = x.get(new NDIndex("..., :{}", half));
    NDArray x2 = x.get(new NDIndex("..., {}:", half));
    NDArray rotated = x2.neg().concat(x1, -1);
    return x.mul(cos).add(rotated.mul(sin));
  }
}
