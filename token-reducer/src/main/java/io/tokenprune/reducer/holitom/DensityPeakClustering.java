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
 * lower index. Distances use the Gram form |a|^2 + |b|^2 - 2 a.b, with every dot product (the norms
 * included) the same expression of its two tokens' values, so duplicate tokens are still exactly 0
 * apart and tie exactly (see {@link #squaredDistances}).
 */
public final class DensityPeakClustering {
  /** Dims transposed at a time: CHUNK x m floats stay in L1 while every row accumulates. */
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
    return cluster(x, rows, d, c, k, Kernels.DEFAULT);
  }

  /** {@link #cluster(float[], int[], int, int, int)} with the given kernels. */
  static Clusters cluster(float[] x, int[] rows, int d, int c, int k, Kernels kernels) {
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
    float[][] d2 = squaredDistances(x, rows, d, kernels);
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
    return merge(x, rows, d, clusters, beta, Kernels.DEFAULT);
  }

  /**
   * {@link #merge(float[], int[], int, Clusters, double)} with the given kernels; both give the
   * same bits.
   */
  static float[] merge(
      float[] x, int[] rows, int d, Clusters clusters, double beta, Kernels kernels) {
    if (kernels == Kernels.SIMD) {
      return SimdKernels.merge(x, rows, d, clusters.centres(), clusters.assignment(), beta);
    }
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
   * Squared Euclidean distances, {@code [m][m]}, symmetric with a zero diagonal, as {@code max(0,
   * (|x_i|^2 + |x_j|^2) - 2 x_i.x_j)}.
   *
   * <p>The dot products of the upper triangle (diagonal included) come from {@link #gramRow}: dims
   * go through a transposed chunk {@code cols[dim][j]}, and row i adds four dims per pass, so every
   * array in the inner loop is indexed by j alone (the only form C2 on JDK 17 vectorises) and the
   * accumulator row is loaded and stored once per four dims instead of once per dim. A pair's dot
   * is the same expression of its two tokens' values wherever it sits in the triangle (products
   * commute, dims are grouped the same way for every pair, and Java never fuses or reorders float
   * arithmetic), and each norm is its own diagonal entry. So when x_a equals x_b bit for bit, d2(a,
   * b) is exactly 0 and d2(a, k) equals d2(b, k) for every k: ties stay exact. Against the
   * difference form, the Gram form loses about eps * |x|^2 / d2 relative precision, which matters
   * only for tokens far closer together than their norms, and the clamp keeps it non-negative.
   *
   * <p>With {@link Kernels#SIMD} the upper triangle comes from {@link SimdKernels#gram} instead,
   * which keeps the same exactness (one expression per pair, whichever order).
   */
  static float[][] squaredDistances(float[] x, int[] rows, int d, Kernels kernels) {
    int m = rows.length;
    float[][] d2 = new float[m][m];
    if (kernels == Kernels.SIMD) {
      SimdKernels.gram(x, rows, d, d2);
    } else {
      gram(x, rows, d, d2);
    }
    float[] norm = new float[m];
    for (int i = 0; i < m; i++) {
      norm[i] = d2[i][i];
    }
    for (int i = 0; i < m; i++) {
      float[] row = d2[i];
      row[i] = 0f;
      for (int j = i + 1; j < m; j++) {
        row[j] = Math.max(0f, (norm[i] + norm[j]) - 2f * row[j]);
      }
      for (int j = 0; j < i; j++) {
        row[j] = d2[j][i];
      }
    }
    return d2;
  }

  /**
   * Squared distances with the default kernels, as {@link #cluster(float[], int[], int, int, int)}
   * computes them.
   */
  static float[][] squaredDistances(float[] x, int[] rows, int d) {
    return squaredDistances(x, rows, d, Kernels.DEFAULT);
  }

  /** The scalar upper triangle, diagonal included: {@code g[i][j] = x_i . x_j} for j >= i. */
  private static void gram(float[] x, int[] rows, int d, float[][] g) {
    int m = rows.length;
    float[][] cols = new float[Math.min(CHUNK, d)][m];
    for (int c0 = 0; c0 < d; c0 += CHUNK) {
      int width = Math.min(CHUNK, d - c0);
      for (int j = 0; j < m; j++) {
        int base = rows[j] * d + c0;
        for (int t = 0; t < width; t++) {
          cols[t][j] = x[base + t];
        }
      }
      for (int i = 0; i < m; i++) {
        gramRow(g[i], x, rows[i] * d + c0, cols, width, i, m);
      }
    }
  }

  /**
   * {@code g[j] += x[a, a+width) . cols[0, width)[j]} for j in [from, m): four dims per pass, then
   * one at a time.
   */
  private static void gramRow(
      float[] g, float[] x, int a, float[][] cols, int width, int from, int m) {
    int t = 0;
    for (; t + 3 < width; t += 4) {
      accumulate4(
          g,
          x[a + t],
          x[a + t + 1],
          x[a + t + 2],
          x[a + t + 3],
          cols[t],
          cols[t + 1],
          cols[t + 2],
          cols[t + 3],
          from,
          m);
    }
    for (; t < width; t++) {
      accumulate1(g, x[a + t], cols[t], from, m);
    }
  }

  static int[] identity(int m) {
    int[] rows = new int[m];
    for (int i = 0; i < m; i++) {
      rows[i] = i;
    }
    return rows;
  }

  private static void accumulate4(
      float[] g,
      float x0,
      float x1,
      float x2,
      float x3,
      float[] c0,
      float[] c1,
      float[] c2,
      float[] c3,
      int from,
      int m) {
    for (int j = from; j < m; j++) {
      g[j] += (x0 * c0[j] + x1 * c1[j]) + (x2 * c2[j] + x3 * c3[j]);
    }
  }

  private static void accumulate1(float[] g, float x0, float[] c0, int from, int m) {
    for (int j = from; j < m; j++) {
      g[j] += x0 * c0[j];
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
