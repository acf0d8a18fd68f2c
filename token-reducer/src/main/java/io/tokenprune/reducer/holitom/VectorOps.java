package io.tokenprune.reducer.holitom;

/**
 * Dense float kernels on rows of flat arrays.
 *
 * <p>C2 (JDK 17) does not vectorise a float sum: strict IEEE order makes each add wait for the
 * previous one. Eight independent partial sums break that chain, which is about 2-3x faster than
 * the plain loop; the result differs from it only by rounding.
 */
final class VectorOps {
  private VectorOps() {}

  /** The dot product of {@code a[ao, ao+len)} and {@code b[bo, bo+len)}. */
  static float dot(float[] a, int ao, float[] b, int bo, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 7 < len; i += 8) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
      s4 += a[ao + i + 4] * b[bo + i + 4];
      s5 += a[ao + i + 5] * b[bo + i + 5];
      s6 += a[ao + i + 6] * b[bo + i + 6];
      s7 += a[ao + i + 7] * b[bo + i + 7];
    }
    for (; i < len; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** The squared L2 norm of {@code a[ao, ao+len)}. */
  static float squaredNorm(float[] a, int ao, int len) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 7 < len; i += 8) {
      float x0 = a[ao + i], x1 = a[ao + i + 1], x2 = a[ao + i + 2], x3 = a[ao + i + 3];
      float x4 = a[ao + i + 4], x5 = a[ao + i + 5], x6 = a[ao + i + 6], x7 = a[ao + i + 7];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
      s4 += x4 * x4;
      s5 += x5 * x5;
      s6 += x6 * x6;
      s7 += x7 * x7;
    }
    for (; i < len; i++) {
      s0 += a[ao + i] * a[ao + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** Cosine from a dot product and two squared norms; 0 when either vector is zero. */
  static float cosine(float dot, float squaredNormA, float squaredNormB) {
    if (squaredNormA == 0f || squaredNormB == 0f) {
      return 0f;
    }
    return (float) (dot / Math.sqrt((double) squaredNormA * squaredNormB));
  }
}
