package io.tokenprune.ingest.video;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.InputFile;
import java.awt.image.BufferedImage;

/**
 * A cursor over the decoded frames of one video. Sampling needs only timestamps, so a frame is
 * converted to an image only when {@link #image()} asks for it. Two implementations: {@link
 * GrabberSource} (FFmpeg) and {@link TestPattern} (generated).
 */
public interface FrameSource extends AutoCloseable {

  /**
   * Moves to the next decodable frame. Frames that fail to decode are skipped, counted in {@link
   * #skippedFrames()} and logged as warnings.
   *
   * @return false at the end of the source
   */
  boolean advance();

  /** Presentation timestamp of the current frame, in microseconds. */
  long timestampMicros();

  /**
   * The current frame scaled to the configured width x height, as a {@code TYPE_3BYTE_BGR} image.
   * The image may be reused: it is valid until the next {@link #advance()}.
   */
  BufferedImage image();

  /** Frames that failed to decode and were skipped so far. */
  long skippedFrames();

  /** What this source reads, for messages. */
  String name();

  @Override
  void close();

  /**
   * Opens {@code source}: {@code pattern:<seed>} for the generated {@link TestPattern}, a URL
   * ({@code scheme://...}, e.g. rtsp or http) or a file path, both read by FFmpeg.
   *
   * @throws IngestException NOT_FOUND, UNREADABLE, UNSUPPORTED or UNDECODABLE, one line each
   */
  static FrameSource open(String source, VideoIngestConfig config) {
    if (source.startsWith(TestPattern.SCHEME)) {
      String seed = source.substring(TestPattern.SCHEME.length());
      try {
        return new TestPattern(
            Long.parseLong(seed),
            config.patternFrames(),
            config.fps(),
            config.width(),
            config.height());
      } catch (NumberFormatException e) {
        throw new IngestException(
            IngestException.Reason.UNSUPPORTED,
            "pattern seed must be an integer, as in pattern:42, got '" + seed + "'");
      }
    }
    if (GrabberSource.isUrl(source)) {
      return GrabberSource.openUrl(source, config.width(), config.height());
    }
    return GrabberSource.openFile(InputFile.of(source), config.width(), config.height());
  }
}
