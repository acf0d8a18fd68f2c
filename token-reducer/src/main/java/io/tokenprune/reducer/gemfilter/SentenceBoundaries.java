package io.tokenprune.reducer.gemfilter;

import java.util.Arrays;

/**
 * Where sentences begin in a text, by punctuation and line breaks; a simple, predictable rule
 * rather than a linguistic one (so "e.g. this" splits after "e.g.").
 *
 * <ul>
 *   <li>A run of {@code . ! ? …} (with closing quotes or brackets after it) followed by a space or
 *       tab ends a sentence; the next one starts at that space, so a token that carries its leading
 *       space (BPE's "Ġword") opens the new sentence. "3.14" does not split.
 *   <li>The full-width {@code 。！？} end a sentence with no space after them.
 *   <li>A line break ends a sentence; a run of line breaks stays with the sentence before it, so
 *       titles, list items and paragraphs are sentences of their own.
 * </ul>
 */
public final class SentenceBoundaries {
  private SentenceBoundaries() {}

  /**
   * @return ascending char offsets of each sentence's first character: {@code [0, ...]}, or an
   *     empty array for an empty text
   */
  public static int[] starts(CharSequence text) {
    int n = text.length();
    if (n == 0) {
      return new int[0];
    }
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int next = -1; // where a new sentence starts, if one does
      if (isLineBreak(c)) {
        int j = i + 1;
        while (j < n && isLineBreak(text.charAt(j))) {
          j++;
        }
        next = j;
        i = j;
      } else if (isTerminator(c) || isFullWidthTerminator(c)) {
        int j = i + 1;
        while (j < n && (isTerminator(text.charAt(j)) || isFullWidthTerminator(text.charAt(j)))) {
          j++;
        }
        boolean fullWidth = isFullWidthTerminator(text.charAt(j - 1));
        while (j < n && isCloser(text.charAt(j))) {
          j++;
        }
        if (j < n && !isLineBreak(text.charAt(j))) {
          char after = text.charAt(j);
          if (after == ' ' || after == '\t' || Character.isSpaceChar(after) || fullWidth) {
            next = j;
          }
        }
        i = j;
      } else {
        i++;
      }
      if (next > 0 && next < n) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = next;
      }
    }
    return Arrays.copyOf(starts, count);
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\u2026';
  }

  private static boolean isFullWidthTerminator(char c) {
    return c == '\u3002' || c == '\uFF01' || c == '\uFF1F';
  }

  private static boolean isCloser(char c) {
    return c == '"'
        || c == '\''
        || c == ')'
        || c == ']'
        || c == '}'
        || c == '\u201D'
        || c == '\u2019'
        || c == '\u00BB'
        || c == '\u300D'
        || c == '\uFF09';
  }
}
