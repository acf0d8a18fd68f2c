package io.tokenprune.reducer.holitom;

/**
 * DPC-kNN clustering and HoliTom's beta merge, as the reference applies them to a segment's static
 * tokens.
 *
 * <pre>
 * dist(i,j) = |x_i - x_j| / sqrt(D)
 * rho_i     = exp(-mean of the k smallest dist(i,.)^2, self included)
 * delta_i   = min dist(i,j) over the j denser than i; the largest dist of all if none is
 * centres   = the C largest rho*delta, in index order; every other token joins its nearest centre
 * merged_c  = beta * x_c + (1 - beta) * mean(members of c)    (x_c alone if it has no members)
 * </pre>
 *
 * Where the reference adds random noise to rho, "denser" here is a total order: a higher rho, or an
 * equal rho and a lower index. Every other tie (top-C scores, nearest centre) also goes to the
 * lower index. Distances are differences, not a Gram expansion, so duplicate tokens are exactly 0
 * apart and tie exactly.
 */
public final class DensityPeakClustering {
  /** Dims transposed at a time: CHUNK x m floats stay in L1 while four rows accumulate. */
  private static final int CHUNK = 32;

  private DensityPeakClustering() {}

  /**
   * @param centres C token indices, ascending
   * @param assignment {@code [m]}: the position in {@code centres} of each token's cluster
   */
  public record Clusters(int[] centres, int[] assignment) {}

  /**
   * @param x {@code [m, D]} tokens
   * @param c cluster count, in [1, m]
   * @param k neighbours for the density, in [1, m] (the reference uses min(7, C))
   */
  public static Clusters cluster(float[] x, int m, int d, int c, int k) {
    if (x.length != m * d) {
      throw new IllegalArgumentException("x has " + x.length + " values, expected " + m + "x" + d);
    }
    return cluster(x, identity(m), d, c, k);
  }

  /**
   * Clusters the tokens at the given rows of {@code x}; token i is row {@code rows[i]}.
   *
   * @param x {@code [R, D]} with every {@code rows[i] < R}
   * @param rows m distinct row indices
   */
  public static Clusters cluster(float[] x, int[] rows, int d, int c, int k) {
    int m = rows.length;
    if (c < 1 || c > m || k < 1 || k > m) {
      throw new IllegalArgumentException(
          "need 1 <= c <= m and 1 <= k <= m, got c=" + c + ", k=" + k + ", m=" + m);
    }
    if (c == m) {
      // Every token is a centre and none has members: the result does not depend on distances.
      // Common in long still scenes, where r' is capped at 1.
      return new Clusters(identity(m), identity(m));
    }
    float[][] d2 = squaredDistances(x, rows, d);
    double[] rho = new double[m];
    float[] nearest = new float[k];
    float max = 0f;
    for (int i = 0; i < m; i++) {
      rho[i] = Math.exp(-meanOfSmallest(d2[i], k, nearest) / d);
      for (int j = 0; j < m; j++) {
        max = Math.max(max, d2[i][j]);
      }
    }
    double[] score = new double[m];
    for (int i = 0; i < m; i++) {
      float best = max;
      for (int j = 0; j < m; j++) {
        boolean denser = rho[j] > rho[i] || (rho[j] == rho[i] && j < i);
        if (denser && d2[i][j] < best) {
          best = d2[i][j];
        }
      }
      score[i] = rho[i] * Math.sqrt(best / (double) d);
    }
    int[] centres = TopK.select(score, c);
    int[] assignment = new int[m];
    for (int i = 0; i < m; i++) {
      int q = 0;
      for (int t = 1; t < c; t++) {
        if (d2[i][centres[t]] < d2[i][centres[q]]) {
          q = t;
        }
      }
      assignment[i] = q;
    }
    for (int q = 0; q < c; q++) {
      assignment[centres[q]] = q;
    }
    return new Clusters(centres, assignment);
  }

  /**
   * The beta merge: one token per centre.
   *
   * @return {@code [C, D]}, in centre order
   */
  public static float[] merge(float[] x, int m, int d, Clusters clusters, double beta) {
    return merge(x, identity(m), d, clusters, beta);
  }

  /** {@link #merge(float[], int, int, Clusters, double)} for tokens at the given rows of x. */
  public static float[] merge(float[] x, int[] rows, int d, Clusters clusters, double beta) {
    int m = rows.length;
    int[] centres = clusters.centres();
    int c = centres.length;
    double[] sums = new double[c * d];
    int[] members = new int[c];
    for (int i = 0; i < m; i++) {
      int q = clusters.assignment()[i];
      if (centres[q] == i) {
        continue;
      }
      members[q]++;
      int so = q * d;
      int xo = rows[i] * d;
      for (int t = 0; t < d; t++) {
        sums[so + t] += x[xo + t];
      }
    }
    float[] out = new float[c * d];
    for (int q = 0; q < c; q++) {
      int co = rows[centres[q]] * d;
      int oo = q * d;
      if (members[q] == 0) {
        System.arraycopy(x, co, out, oo, d);
        continue;
      }
      double w = (1 - beta) / members[q];
      for (int t = 0; t < d; t++) {
        out[oo + t] = (float) (beta * x[co + t] + w * sums[oo + t]);
      }
    }
    return out;
  }

  /**
   * Squared Euclidean distances, {@code [m][m]}, symmetric with a zero diagonal.
   *
   * <p>Dims go through a transposed chunk {@code cols[dim][j]}, so the inner loop runs over j with
   * the same index into every array, the form C2 vectorises; four rows share each load of a column.
   * Only j >= the block's first row is computed, then mirrored.
   */
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

  static int[] identity(int m) {
    int[] rows = new int[m];
    for (int i = 0; i < m; i++) {
      rows[i] = i;
    }
    return rows;
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

  /** Mean of the k smallest values of {@code row}, using {@code scratch[k]} as a sorted buffer. */
  private static double meanOfSmallest(float[] row, int k, float[] scratch) {
    int size = 0;
    for (float v : row) {
      if (size < k) {
        int p = size++;
        while (p > 0 && scratch[p - 1] > v) {
          scratch[p] = scratch[p - 1];
          p--;
        }
        scratch[p] = v;
      } else if (v < scratch[k - 1]) {
        int p = k - 1;
        while (p > 0 && scratch[p - 1] > v) {
          scratch[p] = scratch[p - 1];
          p--;
        }
        scratch[p] = v;
      }
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += scratch[i];
    }
    return sum / k;
  }
}
