package io.tokenprune.reducer.holitom;

import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Kernels#SIMD} kernels, on the incubating Vector API: explicit FMA lanes where C2 on
 * JDK 17 keeps a float sum scalar (dot products) or vectorises it poorly (short, triangular rows).
 *
 * <p>Every reference to jdk.incubator.vector lives in this class, and every signature here is
 * primitives and arrays, so that callers link without the module; the class itself is loaded only
 * when {@link Kernels#DEFAULT} found the module (or a test that checked it asks for it).
 *
 * <p>Horizontal sums go through {@link #sum} in lane order, never {@code reduceLanes}, whose order
 * is unspecified and may differ between the interpreter and compiled code: a value must have the
 * same bits wherever and whenever it is computed (the exactness properties of {@link Kernels}).
 */
final class SimdKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /** Doubles of the preferred shape, and the floats that widen into them (half the bits). */
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Float> FD =
      VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

  private static final int DL = D.length();

  /**
   * Positions whose rows {@link #consecutive} walks through all frames before the next ones: the
   * rows of frame t+1 read as "b" are still in L1/L2 when pair t+1 reads them as "a" (8 rows of
   * 1152 floats per frame: 2 x 36 KiB), so each frame comes from memory once instead of twice.
   */
  private static final int POSITION_TILE = 8;

  /**
   * Rows of a {@link #gram} block: 6 rows x 2 panel vectors = 12 accumulators, plus two panel
   * vectors and a broadcast: 15 of AVX2's 16 vector registers.
   */
  private static final int GRAM_ROWS = 6;

  private SimdKernels() {}

  static int lanes() {
    return L;
  }

  /**
   * {@link Similarity#consecutive(List, int, int, int, int)} with these kernels.
   *
   * @return {@code [(to - from), N]}
   */
  static float[] consecutive(List<float[]> frames, int from, int to, int n, int d) {
    float[] sim = new float[(to - from) * n];
    float[] lanes = new float[L];
    float[] bNorm = new float[1];
    float[] prevNorm = new float[POSITION_TILE];
    float[] first = frames.get(from);
    for (int p0 = 0; p0 < n; p0 += POSITION_TILE) {
      int p1 = Math.min(n, p0 + POSITION_TILE);
      for (int p = p0; p < p1; p++) {
        prevNorm[p - p0] = squaredNorm(first, p * d, d, lanes);
      }
      for (int t = from; t < to; t++) {
        float[] a = frames.get(t);
        float[] b = frames.get(t + 1);
        int row = (t - from) * n;
        for (int p = p0; p < p1; p++) {
          float dot = dotAndNorm(a, b, p * d, d, bNorm, lanes);
          sim[row + p] = VectorOps.cosine(dot, prevNorm[p - p0], bNorm[0]);
          prevNorm[p - p0] = bNorm[0];
        }
      }
    }
    return sim;
  }

  /**
   * {@link Similarity#between} with these kernels: one row of {@link #consecutive}, bit for bit.
   */
  static float[] between(float[] a, float[] b, int n, int d) {
    float[] sim = new float[n];
    float[] lanes = new float[L];
    float[] bNorm = new float[1];
    for (int p = 0; p < n; p++) {
      float aNorm = squaredNorm(a, p * d, d, lanes);
      float dot = dotAndNorm(a, b, p * d, d, bNorm, lanes);
      sim[p] = VectorOps.cosine(dot, aNorm, bNorm[0]);
    }
    return sim;
  }

  /**
   * The squared norm of {@code a[off, off+len)}, with exactly the arithmetic {@link #dotAndNorm}
   * uses for its norm.
   */
  static float squaredNorm(float[] a, int off, int len, float[] lanes) {
    FloatVector q0 = FloatVector.zero(F), q1 = q0, q2 = q0, q3 = q0;
    int i = off;
    int end = off + len;
    for (; i + 4 * L <= end; i += 4 * L) {
      FloatVector b0 = FloatVector.fromArray(F, a, i);
      FloatVector b1 = FloatVector.fromArray(F, a, i + L);
      FloatVector b2 = FloatVector.fromArray(F, a, i + 2 * L);
      FloatVector b3 = FloatVector.fromArray(F, a, i + 3 * L);
      q0 = b0.fma(b0, q0);
      q1 = b1.fma(b1, q1);
      q2 = b2.fma(b2, q2);
      q3 = b3.fma(b3, q3);
    }
    for (; i + L <= end; i += L) {
      FloatVector b0 = FloatVector.fromArray(F, a, i);
      q0 = b0.fma(b0, q0);
    }
    float q = sum(q0.add(q1).add(q2.add(q3)), lanes);
    for (; i < end; i++) {
      q += a[i] * a[i];
    }
    return q;
  }

  /**
   * The dot product of {@code a[off, off+len)} and {@code b[off, off+len)}, and b's squared norm
   * into {@code bNorm[0]}, in one pass. Four accumulators of each (eight FMA chains in flight)
   * cover the FMA latency.
   *
   * @param lanes scratch, {@link #lanes()} floats
   */
  static float dotAndNorm(float[] a, float[] b, int off, int len, float[] bNorm, float[] lanes) {
    FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
    FloatVector q0 = s0, q1 = s0, q2 = s0, q3 = s0;
    int i = off;
    int end = off + len;
    for (; i + 4 * L <= end; i += 4 * L) {
      FloatVector b0 = FloatVector.fromArray(F, b, i);
      FloatVector b1 = FloatVector.fromArray(F, b, i + L);
      FloatVector b2 = FloatVector.fromArray(F, b, i + 2 * L);
      FloatVector b3 = FloatVector.fromArray(F, b, i + 3 * L);
      s0 = FloatVector.fromArray(F, a, i).fma(b0, s0);
      s1 = FloatVector.fromArray(F, a, i + L).fma(b1, s1);
      s2 = FloatVector.fromArray(F, a, i + 2 * L).fma(b2, s2);
      s3 = FloatVector.fromArray(F, a, i + 3 * L).fma(b3, s3);
      q0 = b0.fma(b0, q0);
      q1 = b1.fma(b1, q1);
      q2 = b2.fma(b2, q2);
      q3 = b3.fma(b3, q3);
    }
    for (; i + L <= end; i += L) {
      FloatVector b0 = FloatVector.fromArray(F, b, i);
      s0 = FloatVector.fromArray(F, a, i).fma(b0, s0);
      q0 = b0.fma(b0, q0);
    }
    float s = sum(s0.add(s1).add(s2.add(s3)), lanes);
    float q = sum(q0.add(q1).add(q2.add(q3)), lanes);
    for (; i < end; i++) {
      s += a[i] * b[i];
      q += b[i] * b[i];
    }
    bNorm[0] = q;
    return s;
  }

  /**
   * The upper triangle, diagonal included, of the Gram matrix: {@code g[i][j] = x_i . x_j} for j >=
   * i, where token i is row {@code rows[i]} of x. The rest of g is left as it is.
   *
   * <p>GEMM-style: the tokens go in panels of {@code 2L} (L = lanes), packed transposed as {@code
   * panel[dim][column]}; six rows at a time multiply a broadcast x_i[dim] into both panel vectors,
   * twelve accumulators of L pairs each, so each step costs two vector loads and six broadcasts for
   * twelve FMAs, and no horizontal sum. Every pair, in either order and on the diagonal, is the
   * same chain {@code acc = fma(x_i[t], x_j[t], acc)} for t = 0..D-1 (FMA commutes in its factors),
   * so duplicate tokens get equal bits.
   *
   * @param x {@code [R, D]}
   * @param g {@code [m][m]}
   */
  static void gram(float[] x, int[] rows, int d, float[][] g) {
    int m = rows.length;
    // A variable, not a constant: with a constant panel stride C2 drops the panel's range checks
    // but then loads all six broadcasts first and spills four accumulators (1.6x slower here).
    int w = 2 * L;
    float[] panel = new float[d * w]; // [d][w]: token j0 + c in column c, zero past m
    float[] out = new float[GRAM_ROWS * w]; // a block's results, [GRAM_ROWS][w]
    int[] r = new int[GRAM_ROWS];
    for (int j0 = 0; j0 < m; j0 += w) {
      int width = Math.min(w, m - j0);
      if (width < w) {
        Arrays.fill(panel, 0f);
      }
      for (int c = 0; c < width; c++) {
        int base = rows[j0 + c] * d;
        for (int t = 0; t < d; t++) {
          panel[t * w + c] = x[base + t];
        }
      }
      int iEnd = j0 + width; // rows below every column of the panel have nothing to compute
      for (int i = 0; i < iEnd; i += GRAM_ROWS) {
        int count = Math.min(GRAM_ROWS, iEnd - i);
        for (int k = 0; k < GRAM_ROWS; k++) {
          r[k] = rows[i + Math.min(k, count - 1)] * d; // a short block repeats its last row
        }
        block(x, r, panel, d, w, g, i, count, j0, width, out);
      }
    }
  }

  /** Rows {@code [i, i+count)} against the panel: {@code g[i+k][j0+c]} for {@code j0+c >= i+k}. */
  private static void block(
      float[] x,
      int[] r,
      float[] panel,
      int d,
      int w,
      float[][] g,
      int i,
      int count,
      int j0,
      int width,
      float[] out) {
    int r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5];
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int t = 0; t < d; t++) {
      FloatVector p0 = FloatVector.fromArray(F, panel, t * w);
      FloatVector p1 = FloatVector.fromArray(F, panel, t * w + L);
      FloatVector a = FloatVector.broadcast(F, x[r0 + t]);
      c00 = a.fma(p0, c00);
      c01 = a.fma(p1, c01);
      a = FloatVector.broadcast(F, x[r1 + t]);
      c10 = a.fma(p0, c10);
      c11 = a.fma(p1, c11);
      a = FloatVector.broadcast(F, x[r2 + t]);
      c20 = a.fma(p0, c20);
      c21 = a.fma(p1, c21);
      a = FloatVector.broadcast(F, x[r3 + t]);
      c30 = a.fma(p0, c30);
      c31 = a.fma(p1, c31);
      a = FloatVector.broadcast(F, x[r4 + t]);
      c40 = a.fma(p0, c40);
      c41 = a.fma(p1, c41);
      a = FloatVector.broadcast(F, x[r5 + t]);
      c50 = a.fma(p0, c50);
      c51 = a.fma(p1, c51);
    }
    // Into an array, not through a call: a vector passed to a method C2 does not inline is boxed,
    // and a boxed accumulator turns the loop above into an allocation per step.
    c00.intoArray(out, 0);
    c01.intoArray(out, L);
    c10.intoArray(out, w);
    c11.intoArray(out, w + L);
    c20.intoArray(out, 2 * w);
    c21.intoArray(out, 2 * w + L);
    c30.intoArray(out, 3 * w);
    c31.intoArray(out, 3 * w + L);
    c40.intoArray(out, 4 * w);
    c41.intoArray(out, 4 * w + L);
    c50.intoArray(out, 5 * w);
    c51.intoArray(out, 5 * w + L);
    for (int k = 0; k < count; k++) {
      float[] row = g[i + k];
      for (int c = Math.max(0, i + k - j0); c < width; c++) {
        row[j0 + c] = out[k * w + c];
      }
    }
  }

  /**
   * {@link DensityPeakClustering#merge(float[], int[], int, DensityPeakClustering.Clusters,
   * double)} with these kernels: the same double sums, members added in the same (index) order, the
   * same {@code (float) (beta * x_c + w * sum)} without FMA, so the same bits; but a cluster at a
   * time in registers, where the scalar loop keeps a {@code [C, D]} double array (zeroed and
   * written back per member) and converts one float at a time.
   *
   * @return {@code [C, D]}, in centre order
   */
  static float[] merge(float[] x, int[] rows, int d, int[] centres, int[] assignment, double beta) {
    int m = rows.length;
    int c = centres.length;
    int[] first = new int[c + 1]; // members of cluster q: byCluster[first[q], first[q+1])
    for (int i = 0; i < m; i++) {
      if (centres[assignment[i]] != i) {
        first[assignment[i] + 1]++;
      }
    }
    for (int q = 0; q < c; q++) {
      first[q + 1] += first[q];
    }
    int[] byCluster = new int[first[c]]; // row offsets, ascending token index within a cluster
    int[] next = Arrays.copyOf(first, c);
    for (int i = 0; i < m; i++) {
      int q = assignment[i];
      if (centres[q] != i) {
        byCluster[next[q]++] = rows[i] * d;
      }
    }
    float[] out = new float[c * d];
    DoubleVector b = DoubleVector.broadcast(D, beta);
    for (int q = 0; q < c; q++) {
      int co = rows[centres[q]] * d;
      int oo = q * d;
      int members = first[q + 1] - first[q];
      if (members == 0) {
        System.arraycopy(x, co, out, oo, d);
        continue;
      }
      double w = (1 - beta) / members;
      DoubleVector wv = DoubleVector.broadcast(D, w);
      int t = 0;
      for (; t + DL <= d; t += DL) {
        DoubleVector sum = DoubleVector.zero(D);
        for (int k = first[q]; k < first[q + 1]; k++) {
          sum = sum.add(widen(x, byCluster[k] + t));
        }
        DoubleVector merged = b.mul(widen(x, co + t)).add(wv.mul(sum));
        ((FloatVector) merged.convertShape(VectorOperators.D2F, FD, 0)).intoArray(out, oo + t);
      }
      for (; t < d; t++) {
        double sum = 0;
        for (int k = first[q]; k < first[q + 1]; k++) {
          sum += x[byCluster[k] + t];
        }
        out[oo + t] = (float) (beta * x[co + t] + w * sum);
      }
    }
    return out;
  }

  /** {@code x[i, i+DL)} as doubles (exact). */
  private static DoubleVector widen(float[] x, int i) {
    return (DoubleVector) FloatVector.fromArray(FD, x, i).convertShape(VectorOperators.F2D, D, 0);
  }

  /** The lanes of v added in lane order: a fixed order, unlike {@code reduceLanes}. */
  private static float sum(FloatVector v, float[] lanes) {
    v.intoArray(lanes, 0);
    float s = 0f;
    for (int i = 0; i < L; i++) {
      s += lanes[i];
    }
    return s;
  }
}
