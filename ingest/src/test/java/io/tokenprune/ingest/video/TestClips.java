package io.tokenprune.ingest.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Writes small real video files for tests with FFmpeg's MPEG-4 Part 2 encoder. */
final class TestClips {
  static final int SQUARE = 40;

  private TestClips() {}

  /**
   * A clip of {@code frames} frames at {@code rate} fps: a white square on dark grey whose left
   * edge moves linearly from 0 (frame 0) to width - SQUARE (last frame), so a decoded frame tells
   * which source frame it came from.
   *
   * @param format container, "mp4" or "avi"
   */
  static Path write(Path file, String format, double rate, int frames, int width, int height)
      throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat(format);
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(rate);
      recorder.setGopSize((int) Math.round(rate));
      recorder.setVideoBitrate(1_500_000);
      recorder.start();
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      for (int i = 0; i < frames; i++) {
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(squareX(i, frames, width), height / 2 - SQUARE / 2, SQUARE, SQUARE);
        g.dispose();
        recorder.record(converter.convert(image));
      }
    }
    return file;
  }

  /** Left edge of the square in source frame i. */
  static int squareX(int i, int frames, int width) {
    return (int) Math.round((double) i * (width - SQUARE) / (frames - 1));
  }

  /** Mean x of pixels brighter than mid-grey, or NaN if there are none. */
  static double brightCentroidX(BufferedImage image) {
    double sum = 0;
    long count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int luma = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
        if (luma > 128) {
          sum += x;
          count++;
        }
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
