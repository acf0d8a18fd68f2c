package io.tokenprune.gateway.backend;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns generated token ids into text pieces. Each piece is the difference between decoding all ids
 * so far and what was already released; a trailing U+FFFD is held back, because with byte-level
 * tokens it is usually half of a UTF-8 character whose next byte is still to come. Decoding the
 * whole prefix each time costs O(n^2) characters, which is nothing next to a decode step.
 */
final class TextDeltas {
  private static final char REPLACEMENT = '\uFFFD';

  private final Function<int[], String> decode;
  private int[] ids = new int[32];
  private int n;
  private String released = "";

  /**
   * @param decode ids to text, special tokens skipped
   */
  TextDeltas(Function<int[], String> decode) {
    this.decode = decode;
  }

  /** Adds a token; returns the new text it completes ("" if none yet). */
  String add(int id) {
    if (n == ids.length) {
      ids = Arrays.copyOf(ids, 2 * n);
    }
    ids[n++] = id;
    String full = decode.apply(Arrays.copyOf(ids, n));
    int end = full.length();
    while (end > 0 && full.charAt(end - 1) == REPLACEMENT) {
      end--;
    }
    return release(full, end);
  }

  /** The rest, once generation ended, replacement characters included. */
  String finish() {
    String full = decode.apply(Arrays.copyOf(ids, n));
    return release(full, full.length());
  }

  private String release(String full, int end) {
    if (end <= released.length() || !full.startsWith(released)) {
      // decoding more ids changed earlier text (a tokenizer that merges across tokens): wait
      return "";
    }
    String delta = full.substring(released.length(), end);
    released = full.substring(0, end);
    return delta;
  }
}
