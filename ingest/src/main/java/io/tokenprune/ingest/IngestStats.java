package io.tokenprune.ingest;

import java.time.Duration;

/**
 * What one ingest run delivered, for the CLI summary and throughput figures.
 *
 * @param sent records acknowledged by the sink (frames or chunks)
 * @param skipped source frames dropped because they failed to decode (always 0 for documents)
 * @param bytes payload bytes sent: JPEG bytes for video, UTF-8 text bytes for documents
 * @param wall wall time from opening the source to the last acknowledgement
 */
public record IngestStats(long sent, long skipped, long bytes, Duration wall) {
  public IngestStats {
    if (sent < 0 || skipped < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0, got sent=" + sent + " skipped=" + skipped + " bytes=" + bytes);
    }
    java.util.Objects.requireNonNull(wall, "wall");
  }

  /** Records per second of wall time (0 when no time elapsed). */
  public double recordsPerSecond() {
    double s = wall.toNanos() / 1e9;
    return s > 0 ? sent / s : 0;
  }

  /** Payload megabytes (10^6 bytes) per second of wall time. */
  public double megabytesPerSecond() {
    double s = wall.toNanos() / 1e9;
    return s > 0 ? bytes / 1e6 / s : 0;
  }
}
