package io.tokenprune.reducer.holitom;

/**
 * The per-window retain ratio r' and the token counts derived from it.
 *
 * <p>Static merging already removes dp[T-1] of the T*N tokens, so keeping r' of what is left keeps
 * about r of everything: {@code r' = min(r / ((T*N - dp) / (T*N)), 1)}. The arithmetic follows the
 * reference expression term for term, so that ceil and round see the same doubles.
 */
public final class Budget {
  private Budget() {}

  /**
   * @param retainRatio r in (0, 1]
   * @param dpTotal tokens removed by static merging, in [0, T*N)
   */
  public static double retainRatio(double retainRatio, int frames, int n, long dpTotal) {
    long total = (long) frames * n;
    if (dpTotal < 0 || dpTotal >= total) {
      throw new IllegalArgumentException("dpTotal must be in [0, " + total + "), got " + dpTotal);
    }
    return Math.min(retainRatio / ((double) (total - dpTotal) / total), 1.0);
  }

  /** Dynamic tokens a frame keeps out of {@code candidates}: ceil(candidates * r'). */
  public static int dynamicKeep(int candidates, double rPrime) {
    return Math.min(candidates, (int) Math.ceil(candidates * rPrime));
  }

  /**
   * Cluster centres for {@code staticCount} static tokens: round(staticCount * r'), rounding half
   * to even as Python's {@code round} in the reference does.
   */
  public static int clusterCount(int staticCount, double rPrime) {
    return Math.min(staticCount, (int) Math.rint(staticCount * rPrime));
  }
}
