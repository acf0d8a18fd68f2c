package io.tokenprune.reducer.gemfilter;

import java.util.Arrays;

/**
 * GemFilter at sentence granularity: average-pool the raw scores as for tokens, sum the pooled
 * scores over each sentence, then keep whole sentences greedily, best sum first, while they fit a
 * token budget; a sentence that does not fit is skipped and smaller ones after it may still go in.
 * The kept sentences come back in their original order. This suits an upstream LLM with its own
 * tokenizer, which reads fragments of sentences poorly.
 *
 * <p>A sentence longer than the whole budget is cut into budget-sized parts first ({@link
 * Sentences#capped}), so a text without punctuation still yields a context. Equal sums go to the
 * earlier sentence. Summing favours long sentences; that is the specified behaviour.
 */
public final class SentenceSelection {
  private SentenceSelection() {}

  /**
   * @param scores [n] raw filter scores
   * @param kernel average-pool kernel (odd, >= 1)
   * @param sentences the candidate sentences, inside [0, n)
   * @param budget most tokens to keep, >= 0
   * @return positions of the kept sentences' tokens, ascending; at most {@code budget} of them
   */
  public static int[] select(float[] scores, int kernel, Sentences sentences, int budget) {
    TokenSelection.checkRange(scores.length, sentences.from(), sentences.to());
    if (budget < 0) {
      throw new IllegalArgumentException("budget must be >= 0, got " + budget);
    }
    if (budget == 0 || sentences.count() == 0) {
      return new int[0];
    }
    double[] pooled = ScorePooling.average(scores, kernel);
    Sentences parts = sentences.capped(budget);
    int m = parts.count();
    double[] sum = new double[m];
    Integer[] order = new Integer[m];
    for (int s = 0; s < m; s++) {
      for (int p = parts.start(s); p < parts.end(s); p++) {
        sum[s] += pooled[p];
      }
      order[s] = s;
    }
    Arrays.sort(order, (a, b) -> sum[a] != sum[b] ? Double.compare(sum[b], sum[a]) : a - b);
    boolean[] kept = new boolean[m];
    int left = budget;
    int tokens = 0;
    for (int i = 0; i < m && left > 0; i++) {
      int s = order[i];
      if (parts.length(s) <= left) {
        kept[s] = true;
        left -= parts.length(s);
        tokens += parts.length(s);
      }
    }
    int[] out = new int[tokens];
    int n = 0;
    for (int s = 0; s < m; s++) {
      if (kept[s]) {
        for (int p = parts.start(s); p < parts.end(s); p++) {
          out[n++] = p;
        }
      }
    }
    return out;
  }
}
