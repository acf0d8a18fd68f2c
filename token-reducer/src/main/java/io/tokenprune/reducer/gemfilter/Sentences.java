package io.tokenprune.reducer.gemfilter;

import java.util.Arrays;

/**
 * Consecutive, non-empty token ranges: sentence s is positions [bounds[s], bounds[s+1]). Together
 * they cover [from(), to()), which may be a part of a prompt (the document between a template's
 * head and the question).
 */
public final class Sentences {
  private final int[] bounds; // [count + 1], strictly increasing

  private Sentences(int[] bounds) {
    this.bounds = bounds;
  }

  /**
   * @param bounds strictly increasing token positions, at least one; {@code of(5)} is an empty
   *     cover at 5, {@code of(0, 3, 7)} two sentences [0,3) and [3,7)
   */
  public static Sentences of(int... bounds) {
    if (bounds.length == 0 || bounds[0] < 0) {
      throw new IllegalArgumentException(
          "sentence bounds must start at a position >= 0, got " + Arrays.toString(bounds));
    }
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException(
            "sentence bounds must be strictly increasing, got "
                + bounds[i - 1]
                + " then "
                + bounds[i]
                + " at index "
                + i);
      }
    }
    return new Sentences(bounds.clone());
  }

  /**
   * Maps sentences found in a text onto the tokens of that text: each token joins the sentence that
   * holds its first character, and a sentence that no token starts in disappears.
   *
   * @param sentenceStarts ascending char offsets where sentences begin ({@link
   *     SentenceBoundaries#starts})
   * @param tokenCharStarts [m] non-decreasing char offset of each token's first character
   * @param firstToken the prompt position of token 0
   */
  public static Sentences fromCharOffsets(
      int[] sentenceStarts, int[] tokenCharStarts, int firstToken) {
    int m = tokenCharStarts.length;
    int[] bounds = new int[m + 1];
    int count = 0;
    bounds[count++] = firstToken;
    int s = 0; // sentences whose start is <= the current token's char offset, minus one
    int current = -1;
    for (int j = 0; j < m; j++) {
      int c = tokenCharStarts[j];
      if (j > 0 && c < tokenCharStarts[j - 1]) {
        throw new IllegalArgumentException(
            "token char offsets must not decrease, got "
                + tokenCharStarts[j - 1]
                + " then "
                + c
                + " at token "
                + j);
      }
      while (s < sentenceStarts.length && sentenceStarts[s] <= c) {
        s++;
      }
      if (j > 0 && s - 1 != current) {
        bounds[count++] = firstToken + j;
      }
      current = s - 1;
    }
    if (m > 0) {
      bounds[count++] = firstToken + m;
    }
    return new Sentences(Arrays.copyOf(bounds, count));
  }

  public int count() {
    return bounds.length - 1;
  }

  public int start(int s) {
    return bounds[s];
  }

  /** Exclusive. */
  public int end(int s) {
    return bounds[s + 1];
  }

  public int length(int s) {
    return bounds[s + 1] - bounds[s];
  }

  /** First position covered. */
  public int from() {
    return bounds[0];
  }

  /** One past the last position covered. */
  public int to() {
    return bounds[bounds.length - 1];
  }

  /**
   * The same cover with every sentence longer than {@code maxLength} cut into consecutive parts of
   * {@code maxLength} tokens (the last part shorter), so that each fits a budget of that size.
   */
  public Sentences capped(int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
    }
    int extra = 0;
    for (int s = 0; s < count(); s++) {
      extra += (length(s) - 1) / maxLength;
    }
    if (extra == 0) {
      return this;
    }
    int[] out = new int[bounds.length + extra];
    int n = 0;
    out[n++] = bounds[0];
    for (int s = 0; s < count(); s++) {
      for (int p = start(s) + maxLength; p < end(s); p += maxLength) {
        out[n++] = p;
      }
      out[n++] = end(s);
    }
    return new Sentences(out);
  }

  /** The bounds, [count + 1]. */
  public int[] bounds() {
    return bounds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sentences other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return "Sentences" + Arrays.toString(bounds);
  }
}
