package io.tokenprune.ingest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on stderr, redrawn in place with a carriage return: records sent,
 * records per second and megabytes. It draws only when the JVM has a console (stderr is a
 * terminal), so piped or logged runs stay silent. Redraws are throttled to one per {@code
 * REDRAW_NANOS}.
 */
public final class ProgressBar {
  static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final LongSupplier nanoClock;
  private final String label;
  private final String unit;
  private final String rateUnit;
  private final long start;
  private long lastDraw = Long.MIN_VALUE;
  private int lastWidth;

  /** Package-private so tests can drive it with their own stream and clock; null out = silent. */
  ProgressBar(PrintStream out, LongSupplier nanoClock, String label, String unit, String rateUnit) {
    this.out = out;
    this.nanoClock = nanoClock;
    this.label = label;
    this.unit = unit;
    this.rateUnit = rateUnit;
    this.start = nanoClock.getAsLong();
  }

  /**
   * Draws on stderr when a terminal is attached, else does nothing. For video: {@code
   * onTerminal("cam-1", "frames", "fps")} draws {@code cam-1 42 frames | 1.0 fps | 2.31 MB}.
   */
  public static ProgressBar onTerminal(String label, String unit, String rateUnit) {
    return new ProgressBar(
        System.console() != null ? System.err : null, System::nanoTime, label, unit, rateUnit);
  }

  /** Never draws. */
  public static ProgressBar silent() {
    return new ProgressBar(null, System::nanoTime, "", "", "");
  }

  /** Redraws with the running totals, at most once per 200 ms. */
  public void update(long records, long bytes) {
    if (out == null) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(records, bytes, now);
  }

  /** Draws the final totals and ends the line. */
  public void finish(long records, long bytes) {
    if (out == null) {
      return;
    }
    draw(records, bytes, nanoClock.getAsLong());
    out.print('\n');
    out.flush();
  }

  private void draw(long records, long bytes, long now) {
    double seconds = (now - start) / 1e9;
    String line =
        String.format(
            Locale.ROOT,
            "%s %d %s | %.1f %s | %.2f MB",
            label,
            records,
            unit,
            seconds > 0 ? records / seconds : 0.0,
            rateUnit,
            bytes / 1e6);
    // Pad over the previous, possibly longer, line.
    String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
    lastWidth = line.length();
    out.print('\r');
    out.print(padded);
    out.flush();
  }
}
