package io.tokenprune.ingest;

/**
 * Bad input or a failed delivery: the one exception type ingest throws for conditions a user can
 * fix. The message is always a single line, fit to print as the CLI's reason; {@link #reason()}
 * lets the CLI pick an exit code.
 */
public final class IngestException extends RuntimeException {

  /** What went wrong, coarse enough to map onto exit codes. */
  public enum Reason {
    /** The file does not exist. */
    NOT_FOUND,
    /** The file or URL exists but cannot be read or opened (permissions, directory, network). */
    UNREADABLE,
    /** A source string or file extension that ingest does not handle. */
    UNSUPPORTED,
    /** The bytes are not a decodable video or PDF, or no frame at all could be decoded. */
    UNDECODABLE,
    /** A text file that is not valid UTF-8. */
    MALFORMED_TEXT,
    /** A record that would exceed its size limit. */
    TOO_LARGE,
    /** The sink (Kafka) failed to accept or acknowledge a record. */
    SINK_FAILED
  }

  private final Reason reason;

  public IngestException(Reason reason, String message) {
    this(reason, message, null);
  }

  public IngestException(Reason reason, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  /**
   * Collapses line breaks (FFmpeg and PDFBox messages carry them) so the reason prints on one line.
   */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** The first line of a cause's message, or its class name when it has none. */
  public static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : oneLine(m);
  }
}
