package io.tokenprune.inference.merge;

import java.util.Arrays;

/**
 * Attention-guided merge of a token span.
 *
 * <p>The reference (HoliTom) folds merged tokens in pairwise, in ascending order, which makes the
 * result depend on that order. We use the size-weighted mean {@code (s_k x_k + sum_j s_j x_j) /
 * (s_k + sum_j s_j)} over the kept token k and the tokens j assigned to it, which is
 * order-independent and equals the mean of all original tokens when every size starts at 1.
 */
public final class TokenMerge {
  private TokenMerge() {}

  /**
   * The merged span.
   *
   * @param kept [keep] indices into the span of the kept tokens, ascending
   * @param tokens [keep, D] merged values, in kept order
   * @param sizes [keep] how many original tokens each merged token stands for
   */
  public record Result(int[] kept, float[] tokens, float[] sizes) {}

  /**
   * How many of n tokens a merge at ratio r keeps: {@code round(n * (1 - r))}, at least 1, rounding
   * halves to even as Python's {@code round} does (5 tokens at r = 0.5 keep 2).
   */
  public static int keepCount(int n, double ratio) {
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("merge ratio must be in [0, 1), got " + ratio);
    }
    return (int) Math.max(1, Math.min(n, Math.rint(n * (1 - ratio))));
  }

  /**
   * @param scores [n]
   * @return the indices of the {@code keep} highest scores, ascending; ties prefer lower indices
   */
  public static int[] topIndices(float[] scores, int keep) {
    if (keep < 0 || keep > scores.length) {
      throw new IllegalArgumentException("cannot keep " + keep + " of " + scores.length);
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b);
    int[] top = new int[keep];
    for (int i = 0; i < keep; i++) {
      top[i] = order[i];
    }
    Arrays.sort(top);
    return top;
  }

  /** The indices in [0, n) not in {@code kept} (ascending, as kept is), ascending. */
  public static int[] complement(int n, int[] kept) {
    int[] others = new int[n - kept.length];
    int k = 0;
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (k < kept.length && kept[k] == i) {
        k++;
      } else {
        others[o++] = i;
      }
    }
    return others;
  }

  /**
   * Naive O(n * keep * D) assignment.
   *
   * @param tokens [n, D]
   * @return for each index in {@code others}, the position in {@code kept} of its most
   *     cosine-similar kept token (first on ties; a zero vector has similarity 0 to everything)
   */
  public static int[] assign(float[] tokens, int dim, int[] kept, int[] others) {
    int[] assignment = new int[others.length];
    double[] keptNorm = new double[kept.length];
    for (int k = 0; k < kept.length; k++) {
      keptNorm[k] = norm(tokens, kept[k], dim);
    }
    for (int o = 0; o < others.length; o++) {
      double on = norm(tokens, others[o], dim);
      double best = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < kept.length; k++) {
        double dot = 0;
        for (int j = 0; j < dim; j++) {
          dot += (double) tokens[others[o] * dim + j] * tokens[kept[k] * dim + j];
        }
        double cos = on == 0 || keptNorm[k] == 0 ? 0 : dot / (on * keptNorm[k]);
        if (cos > best) {
          best = cos;
          assignment[o] = k;
        }
      }
    }
    return assignment;
  }

  /**
   * Size-weighted means of each kept token and the tokens assigned to it.
   *
   * @param tokens [n, D]
   * @param sizes [n], or null for all ones
   * @param assignment per {@code others} entry, a position in {@code kept}
   */
  public static Result weightedMeans(
      float[] tokens, float[] sizes, int dim, int[] kept, int[] others, int[] assignment) {
    double[] sum = new double[kept.length * dim];
    double[] weight = new double[kept.length];
    for (int k = 0; k < kept.length; k++) {
      accumulate(tokens, sizes, dim, kept[k], k, sum, weight);
    }
    for (int o = 0; o < others.length; o++) {
      accumulate(tokens, sizes, dim, others[o], assignment[o], sum, weight);
    }
    float[] merged = new float[kept.length * dim];
    float[] mergedSizes = new float[kept.length];
    for (int k = 0; k < kept.length; k++) {
      mergedSizes[k] = (float) weight[k];
      for (int j = 0; j < dim; j++) {
        merged[k * dim + j] = (float) (sum[k * dim + j] / weight[k]);
      }
    }
    return new Result(kept.clone(), merged, mergedSizes);
  }

  /**
   * The whole merge, naively: the reference the model-side implementation is tested against.
   *
   * @param tokens [n, D]
   * @param sizes [n], or null for all ones
   * @param attention [n] how much the last query attends to each token
   * @param ratio share of tokens to merge away, in [0, 1)
   */
  public static Result merge(
      float[] tokens, float[] sizes, int n, int dim, float[] attention, double ratio) {
    if (tokens.length != n * dim || attention.length != n) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + "x"
              + dim
              + " tokens and "
              + n
              + " scores, got "
              + tokens.length
              + " and "
              + attention.length);
    }
    int[] kept = topIndices(attention, keepCount(n, ratio));
    int[] others = complement(n, kept);
    return weightedMeans(tokens, sizes, dim, kept, others, assign(tokens, dim, kept, others));
  }

  private static void accumulate(
      float[] tokens, float[] sizes, int dim, int token, int into, double[] sum, double[] weight) {
    double s = sizes == null ? 1 : sizes[token];
    weight[into] += s;
    for (int j = 0; j < dim; j++) {
      sum[into * dim + j] += s * tokens[token * dim + j];
    }
  }

  private static double norm(float[] tokens, int token, int dim) {
    double s = 0;
    for (int j = 0; j < dim; j++) {
      double v = tokens[token * dim + j];
      s += v * v;
    }
    return Math.sqrt(s);
  }
}
