package io.tokenprune.inference.train;

import java.io.PrintStream;

/**
 * The trainer's progress display: one line redrawn in place on a terminal, or printed at most every
 * {@code quietSeconds} when the output is a file (a nohup log), so logs stay short. Events
 * (held-out results, stage changes, skipped steps) always get their own line.
 */
final class ProgressLine {
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final boolean interactive;
  private final long quietNanos;
  private long lastPrinted;

  ProgressLine(PrintStream out, boolean interactive, int quietSeconds) {
    this.out = out;
    this.interactive = interactive;
    this.quietNanos = quietSeconds * 1_000_000_000L;
  }

  /** Redraws (or, in a log, prints now and then) the status line. */
  void update(double fraction, String status) {
    long now = System.nanoTime();
    if (!interactive && lastPrinted != 0 && now - lastPrinted < quietNanos) {
      return;
    }
    lastPrinted = now;
    String line = bar(fraction) + " " + status;
    if (interactive) {
      out.print("\r" + line + "\u001b[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** A line of its own. */
  void event(String text) {
    out.println((interactive ? "\r\u001b[K" : "") + text);
    out.flush();
  }

  static String bar(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    int full = (int) Math.round(f * WIDTH);
    return "|" + "#".repeat(full) + ".".repeat(WIDTH - full) + String.format("| %3.0f%%", 100 * f);
  }
}
