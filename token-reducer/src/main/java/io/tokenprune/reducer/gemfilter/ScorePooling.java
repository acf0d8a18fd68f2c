package io.tokenprune.reducer.gemfilter;

/**
 * GemFilter's smoothing of raw scores: a 1-D average pool along the sequence with an odd kernel k,
 * padding (k-1)/2 and stride 1, so the output has one value per position. As in torch's {@code
 * avg_pool1d} with its default {@code count_include_pad=True}, the padding counts as zeros and
 * every window divides by k, so the two ends are damped.
 */
public final class ScorePooling {
  private ScorePooling() {}

  /**
   * @param scores [n] raw scores, all finite
   * @param kernel odd, >= 1 (1 leaves the scores unchanged)
   * @return [n] pooled scores, summed in double precision
   * @throws IllegalArgumentException on an even or non-positive kernel or a non-finite score
   */
  public static double[] average(float[] scores, int kernel) {
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("pool kernel must be odd and >= 1, got " + kernel);
    }
    int n = scores.length;
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(scores[i])) {
        throw new IllegalArgumentException("score at position " + i + " is " + scores[i]);
      }
    }
    int half = kernel / 2;
    double[] pooled = new double[n];
    for (int i = 0; i < n; i++) {
      // a direct sum per window: k is small (5), and the order is fixed, so results are exact
      // to reproduce; a running sum would drift over 128k positions
      double sum = 0;
      for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
        sum += scores[j];
      }
      pooled[i] = sum / kernel;
    }
    return pooled;
  }
}
