package io.tokenprune.reducer.holitom;

/**
 * The squared-distance kernel {@link DensityPeakClustering} used before the Gram form, kept
 * verbatim as the benchmark's baseline: differences {@code (x_i - x_j)^2} accumulated over a
 * transposed chunk of 32 dims, four rows sharing each column load, upper triangle then mirrored.
 */
final class DifferenceDistances {
  private static final int CHUNK = 32;

  private DifferenceDistances() {}

  static float[][] squaredDistances(float[] x, int[] rows, int d) {
    int m = rows.length;
    float[][] d2 = new float[m][m];
    float[][] cols = new float[Math.min(CHUNK, d)][m];
    for (int c0 = 0; c0 < d; c0 += CHUNK) {
      int width = Math.min(CHUNK, d - c0);
      for (int j = 0; j < m; j++) {
        int base = rows[j] * d + c0;
        for (int t = 0; t < width; t++) {
          cols[t][j] = x[base + t];
        }
      }
      int i = 0;
      for (; i + 3 < m; i += 4) {
        int b0 = rows[i] * d + c0;
        int b1 = rows[i + 1] * d + c0;
        int b2 = rows[i + 2] * d + c0;
        int b3 = rows[i + 3] * d + c0;
        for (int t = 0; t < width; t++) {
          accumulate4(
              d2[i], d2[i + 1], d2[i + 2], d2[i + 3], x[b0 + t], x[b1 + t], x[b2 + t], x[b3 + t],
              cols[t], i, m);
        }
      }
      for (; i < m; i++) {
        int b0 = rows[i] * d + c0;
        for (int t = 0; t < width; t++) {
          accumulate1(d2[i], x[b0 + t], cols[t], i, m);
        }
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < i; j++) {
        d2[i][j] = d2[j][i];
      }
    }
    return d2;
  }

  private static void accumulate4(
      float[] r0,
      float[] r1,
      float[] r2,
      float[] r3,
      float x0,
      float x1,
      float x2,
      float x3,
      float[] col,
      int from,
      int m) {
    for (int j = from; j < m; j++) {
      float v = col[j];
      float t0 = x0 - v, t1 = x1 - v, t2 = x2 - v, t3 = x3 - v;
      r0[j] += t0 * t0;
      r1[j] += t1 * t1;
      r2[j] += t2 * t2;
      r3[j] += t3 * t3;
    }
  }

  private static void accumulate1(float[] r0, float x0, float[] col, int from, int m) {
    for (int j = from; j < m; j++) {
      float t0 = x0 - col[j];
      r0[j] += t0 * t0;
    }
  }
}
