package io.tokenprune.ingest.video;

/**
 * How to sample and encode one video stream.
 *
 * @param streamId the Kafka key and VideoFrame.streamId
 * @param fps sampling rate in frames per second of source time (video LLMs sample at about 1)
 * @param width encoder input width in pixels; frames are scaled to it, aspect ratio not kept
 * @param height encoder input height in pixels
 * @param jpegQuality JPEG quality in (0, 1]
 * @param patternFrames how many frames the {@code pattern:<seed>} source generates
 * @param maxFrames stop after this many sampled frames; 0 means until the source ends
 */
public record VideoIngestConfig(
    String streamId,
    double fps,
    int width,
    int height,
    float jpegQuality,
    int patternFrames,
    long maxFrames) {
  public static final double DEFAULT_FPS = 1.0;
  public static final int DEFAULT_SIZE = 384;
  public static final float DEFAULT_JPEG_QUALITY = 0.9f;
  public static final int DEFAULT_PATTERN_FRAMES = 96;

  public VideoIngestConfig {
    if (streamId == null || streamId.isBlank()) {
      throw new IllegalArgumentException("streamId must be non-blank, got '" + streamId + "'");
    }
    if (!(fps > 0 && fps <= 1000)) {
      throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
    }
    if (width < 16 || width > 4096 || height < 16 || height > 4096) {
      throw new IllegalArgumentException(
          "width and height must be in [16, 4096], got " + width + "x" + height);
    }
    if (!(jpegQuality > 0 && jpegQuality <= 1)) {
      throw new IllegalArgumentException("jpegQuality must be in (0, 1], got " + jpegQuality);
    }
    if (patternFrames < 1) {
      throw new IllegalArgumentException("patternFrames must be >= 1, got " + patternFrames);
    }
    if (maxFrames < 0) {
      throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
    }
  }

  /** 1 fps, 384x384, JPEG quality 0.9, 96 pattern frames, no frame limit. */
  public static VideoIngestConfig defaults(String streamId) {
    return new VideoIngestConfig(
        streamId,
        DEFAULT_FPS,
        DEFAULT_SIZE,
        DEFAULT_SIZE,
        DEFAULT_JPEG_QUALITY,
        DEFAULT_PATTERN_FRAMES,
        0);
  }

  public VideoIngestConfig withFps(double newFps) {
    return new VideoIngestConfig(
        streamId, newFps, width, height, jpegQuality, patternFrames, maxFrames);
  }

  public VideoIngestConfig withSize(int newWidth, int newHeight) {
    return new VideoIngestConfig(
        streamId, fps, newWidth, newHeight, jpegQuality, patternFrames, maxFrames);
  }

  public VideoIngestConfig withPatternFrames(int frames) {
    return new VideoIngestConfig(streamId, fps, width, height, jpegQuality, frames, maxFrames);
  }

  public VideoIngestConfig withMaxFrames(long frames) {
    return new VideoIngestConfig(streamId, fps, width, height, jpegQuality, patternFrames, frames);
  }
}
