package io.tokenprune.reducer.holitom;

import java.util.List;

/** Per-position cosine similarity between consecutive frames. */
public final class Similarity {
  private Similarity() {}

  /**
   * {@code sim[t][p] = cos(F[t][p], F[t+1][p])} for the frame pairs (t, t+1) with {@code from <= t
   * < to}. A zero token has cosine 0 with everything.
   *
   * @param frames T frames, each {@code [N, D]}
   * @param from first frame of the first pair
   * @param to last frame of the last pair; {@code from <= to < T}
   * @return {@code [(to - from), N]}, row {@code t - from} for the pair (t, t+1)
   */
  public static float[] consecutive(List<float[]> frames, int from, int to, int n, int d) {
    return consecutive(frames, from, to, n, d, Kernels.DEFAULT);
  }

  /** {@link #consecutive(List, int, int, int, int)} with the given kernels. */
  static float[] consecutive(
      List<float[]> frames, int from, int to, int n, int d, Kernels kernels) {
    if (from < 0 || to < from || to >= frames.size()) {
      throw new IllegalArgumentException(
          "frame range [" + from + ", " + to + "] is outside 0.." + (frames.size() - 1));
    }
    if (kernels == Kernels.SIMD) {
      return SimdKernels.consecutive(frames, from, to, n, d);
    }
    float[] sim = new float[(to - from) * n];
    float[] prevNorm = new float[n];
    float[] norm = new float[n];
    float[] bNorm = new float[1];
    float[] first = frames.get(from);
    for (int p = 0; p < n; p++) {
      prevNorm[p] = VectorOps.squaredNorm(first, p * d, d);
    }
    for (int t = from; t < to; t++) {
      float[] a = frames.get(t);
      float[] b = frames.get(t + 1);
      int row = (t - from) * n;
      for (int p = 0; p < n; p++) {
        // One pass gives the dot and b's norm, which the next pair reuses as a's.
        float dot = VectorOps.dotAndNorm(a, b, p * d, d, bNorm);
        norm[p] = bNorm[0];
        sim[row + p] = VectorOps.cosine(dot, prevNorm[p], norm[p]);
      }
      float[] swap = prevNorm;
      prevNorm = norm;
      norm = swap;
    }
    return sim;
  }

  /**
   * {@code cos(a[p], b[p])} for each position: one row of {@link #consecutive}, bit for bit. A
   * streaming caller can compute it once per arriving frame and pass the rows to {@link
   * HoliTom#plan(List, float[], int, int, HoliTomParams)} instead of recomputing carried frames.
   *
   * @param a the earlier frame, {@code [N, D]}
   * @param b the next frame, {@code [N, D]}
   * @return {@code [N]}
   */
  public static float[] between(float[] a, float[] b, int n, int d) {
    return between(a, b, n, d, Kernels.DEFAULT);
  }

  /** {@link #between(float[], float[], int, int)} with the given kernels. */
  static float[] between(float[] a, float[] b, int n, int d, Kernels kernels) {
    if (a.length != n * d || b.length != n * d) {
      throw new IllegalArgumentException(
          "frames have " + a.length + " and " + b.length + " values, expected " + n + "x" + d);
    }
    if (kernels == Kernels.SIMD) {
      return SimdKernels.between(a, b, n, d);
    }
    float[] sim = new float[n];
    float[] bNorm = new float[1];
    for (int p = 0; p < n; p++) {
      float aNorm = VectorOps.squaredNorm(a, p * d, d);
      float dot = VectorOps.dotAndNorm(a, b, p * d, d, bNorm);
      sim[p] = VectorOps.cosine(dot, aNorm, bNorm[0]);
    }
    return sim;
  }

  /** Same as {@link #consecutive(List, int, int, int, int)} over the whole list. */
  public static float[] consecutive(List<float[]> frames, int n, int d) {
    return consecutive(frames, 0, frames.size() - 1, n, d);
  }
}
