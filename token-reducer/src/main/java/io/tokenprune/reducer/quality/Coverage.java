package io.tokenprune.reducer.quality;

import java.util.Arrays;
import java.util.List;

/**
 * The coverage metric: for every original token, the largest cosine to any kept (or merged) token;
 * reported as the mean over all T*N originals and the 5th percentile (nearest rank: the ceil(0.05 *
 * count)-th smallest). A zero vector has cosine 0 with everything.
 */
public final class Coverage {
  /** Kept tokens scored per pass; 4 rows of this many floats plus one column stay in L1. */
  private static final int BLOCK = 512;

  private Coverage() {}

  /**
   * @param mean mean over originals of the best cosine, in [-1, 1]
   * @param p5 5th percentile (nearest rank) of the best cosines
   */
  public record Stats(double mean, double p5) {}

  /**
   * @param frames T frames, each {@code [N, D]}: the originals
   * @param kept {@code [M, D]}, M >= 1
   */
  public static Stats measure(List<float[]> frames, int n, int d, float[] kept) {
    if (kept.length == 0 || kept.length % d != 0) {
      throw new IllegalArgumentException(
          "kept must hold M >= 1 tokens of " + d + " dims, got " + kept.length + " values");
    }
    int m = kept.length / d;
    // Unit kept tokens, transposed to cols[dim][j] so the inner loop runs over j with one index.
    float[][] cols = new float[d][m];
    for (int j = 0; j < m; j++) {
      float inv = inverseNorm(kept, j * d, d);
      for (int t = 0; t < d; t++) {
        cols[t][j] = kept[j * d + t] * inv;
      }
    }
    double[] best = new double[frames.size() * n];
    float[][] acc = new float[4][m];
    float[] unit = new float[4 * d];
    int done = 0;
    for (float[] frame : frames) {
      if (frame.length != n * d) {
        throw new IllegalArgumentException(
            "frame has " + frame.length + " values, expected " + n + "x" + d);
      }
      for (int p = 0; p < n; p += 4) {
        int rows = Math.min(4, n - p);
        for (int r = 0; r < 4; r++) {
          // Missing rows of the last block score a zero vector and are not read back.
          float inv = r < rows ? inverseNorm(frame, (p + r) * d, d) : 0f;
          for (int t = 0; t < d; t++) {
            unit[r * d + t] = r < rows ? frame[(p + r) * d + t] * inv : 0f;
          }
        }
        scoreBlock(unit, d, cols, m, acc);
        for (int r = 0; r < rows; r++) {
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < m; j++) {
            max = Math.max(max, acc[r][j]);
          }
          best[done + p + r] = max;
        }
      }
      done += n;
    }
    return stats(best);
  }

  /** Mean and nearest-rank 5th percentile of the values. */
  static Stats stats(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.05 * sorted.length);
    return new Stats(sum / values.length, sorted[Math.max(0, rank - 1)]);
  }

  /** acc[r][j] = dot(unit row r, kept j) for r < 4, all j, in blocks of kept tokens. */
  private static void scoreBlock(float[] unit, int d, float[][] cols, int m, float[][] acc) {
    for (float[] a : acc) {
      Arrays.fill(a, 0f);
    }
    for (int from = 0; from < m; from += BLOCK) {
      int to = Math.min(m, from + BLOCK);
      for (int t = 0; t < d; t++) {
        axpy4(
            acc[0],
            acc[1],
            acc[2],
            acc[3],
            unit[t],
            unit[d + t],
            unit[2 * d + t],
            unit[3 * d + t],
            cols[t],
            from,
            to);
      }
    }
  }

  private static void axpy4(
      float[] a0,
      float[] a1,
      float[] a2,
      float[] a3,
      float x0,
      float x1,
      float x2,
      float x3,
      float[] col,
      int from,
      int to) {
    for (int j = from; j < to; j++) {
      float v = col[j];
      a0[j] += x0 * v;
      a1[j] += x1 * v;
      a2[j] += x2 * v;
      a3[j] += x3 * v;
    }
  }

  private static float inverseNorm(float[] x, int off, int d) {
    double s = 0;
    for (int t = 0; t < d; t++) {
      s += (double) x[off + t] * x[off + t];
    }
    return s == 0 ? 0f : (float) (1 / Math.sqrt(s));
  }
}
