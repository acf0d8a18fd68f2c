package io.tokenprune.reducer.gemfilter;

import io.tokenprune.reducer.holitom.TopK;

/**
 * GemFilter at token granularity, the paper's method: average-pool the raw scores, take the top
 * {@code min(k, n)} positions and sort them ascending, so the selected tokens keep their original
 * order. Equal pooled scores go to the lower position (the reference leaves ties to torch.topk).
 */
public final class TokenSelection {
  private TokenSelection() {}

  /**
   * Selection over the whole prompt, as in the reference.
   *
   * @param scores [n] raw filter scores
   * @param kernel average-pool kernel (odd, >= 1; GemFilter uses 5)
   * @param k tokens to keep, >= 0
   * @return min(k, n) positions, ascending
   */
  public static int[] select(float[] scores, int kernel, int k) {
    return select(scores, kernel, k, 0, scores.length);
  }

  /**
   * Selection restricted to positions [from, to), e.g. a document inside a prompt template. Pooling
   * still runs over the whole sequence, so a position at the edge of the range averages with its
   * neighbours outside it, exactly as in an unrestricted run.
   *
   * @param scores [n] raw filter scores
   * @return min(k, to - from) positions in [from, to), ascending
   */
  public static int[] select(float[] scores, int kernel, int k, int from, int to) {
    checkRange(scores.length, from, to);
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    double[] pooled = ScorePooling.average(scores, kernel);
    int[] candidates = new int[to - from];
    for (int i = 0; i < candidates.length; i++) {
      candidates[i] = from + i;
    }
    return TopK.select(pooled, candidates, k);
  }

  static void checkRange(int n, int from, int to) {
    if (from < 0 || to > n || from > to) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + to + ") is not inside [0, " + n + ")");
    }
  }
}
