package io.tokenprune.reducer.holitom;

/**
 * Dense float kernels on rows of flat arrays.
 *
 * <p>C2 (JDK 17) does not vectorise a float sum: strict IEEE order makes each add wait for the
 * previous one. Independent partial sums break that chain, which is about 2-3x faster than the
 * plain loop; the result differs from it only by rounding.
 */
final class VectorOps {
  private VectorOps() {}

  /**
   * The squared L2 norm of {@code a[off, off+len)}, with exactly the arithmetic {@link #dotAndNorm}
   * uses for its norm, so a frame's norm has the same bits whichever computed it.
   */
  static float squaredNorm(float[] a, int off, int len) {
    float q0 = 0, q1 = 0, q2 = 0, q3 = 0;
    int i = off;
    int end = off + len;
    for (; i + 3 < end; i += 4) {
      float b0 = a[i], b1 = a[i + 1], b2 = a[i + 2], b3 = a[i + 3];
      q0 += b0 * b0;
      q1 += b1 * b1;
      q2 += b2 * b2;
      q3 += b3 * b3;
    }
    for (; i < end; i++) {
      q0 += a[i] * a[i];
    }
    return (q0 + q1) + (q2 + q3);
  }

  /**
   * The dot product of {@code a[off, off+len)} and {@code b[off, off+len)}, and b's squared norm
   * into {@code bNorm[0]}: one pass over both rows. Four partial sums of each (eight in flight):
   * more would spill registers.
   */
  static float dotAndNorm(float[] a, float[] b, int off, int len, float[] bNorm) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    float q0 = 0, q1 = 0, q2 = 0, q3 = 0;
    int i = off;
    int end = off + len;
    for (; i + 3 < end; i += 4) {
      float b0 = b[i], b1 = b[i + 1], b2 = b[i + 2], b3 = b[i + 3];
      s0 += a[i] * b0;
      s1 += a[i + 1] * b1;
      s2 += a[i + 2] * b2;
      s3 += a[i + 3] * b3;
      q0 += b0 * b0;
      q1 += b1 * b1;
      q2 += b2 * b2;
      q3 += b3 * b3;
    }
    for (; i < end; i++) {
      s0 += a[i] * b[i];
      q0 += b[i] * b[i];
    }
    bNorm[0] = (q0 + q1) + (q2 + q3);
    return (s0 + s1) + (s2 + s3);
  }

  /** Cosine from a dot product and two squared norms; 0 when either vector is zero. */
  static float cosine(float dot, float squaredNormA, float squaredNormB) {
    if (squaredNormA == 0f || squaredNormB == 0f) {
      return 0f;
    }
    return (float) (dot / Math.sqrt((double) squaredNormA * squaredNormB));
  }
}
