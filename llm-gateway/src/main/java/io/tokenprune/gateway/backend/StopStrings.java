package io.tokenprune.gateway.backend;

import java.util.List;

/**
 * Cuts generated text at the first stop string, while streaming: text is released only once no stop
 * string can still start in it, so a stop split across several tokens never leaks to the client.
 * Not thread-safe; one per answer.
 */
final class StopStrings {
  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();
  private boolean stopped;

  StopStrings(List<String> stops) {
    this.stops = List.copyOf(stops);
  }

  /**
   * Adds text; returns what may be sent now ("" if nothing). After a stop string is found, returns
   * the text before it and then nothing more.
   */
  String offer(String text) {
    if (stopped) {
      return "";
    }
    held.append(text);
    int first = -1;
    for (String s : stops) {
      int at = held.indexOf(s);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    if (first >= 0) {
      stopped = true;
      String out = held.substring(0, first);
      held.setLength(0);
      return out;
    }
    int keep = longestPendingPrefix();
    String out = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return out;
  }

  /** Whether a stop string was found. */
  boolean stopped() {
    return stopped;
  }

  /** The text held back at the end of the answer (no stop string completed). */
  String flush() {
    String out = held.toString();
    held.setLength(0);
    return out;
  }

  /** Length of the longest tail of the held text that is a proper prefix of a stop string. */
  private int longestPendingPrefix() {
    int best = 0;
    String text = held.toString();
    for (String s : stops) {
      for (int len = Math.min(s.length() - 1, text.length()); len > best; len--) {
        if (text.regionMatches(text.length() - len, s, 0, len)) {
          best = len;
          break;
        }
      }
    }
    return best;
  }
}
