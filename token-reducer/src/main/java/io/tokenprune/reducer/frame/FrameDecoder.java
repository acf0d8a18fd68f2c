package io.tokenprune.reducer.frame;

import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/** Turns a VideoFrame's payload into packed RGB24 pixels, or says precisely why it cannot. */
public final class FrameDecoder {
  private FrameDecoder() {}

  /** Packed RGB pixels of one frame. */
  public record Pixels(byte[] rgb, int width, int height) {}

  /**
   * @throws BadFrameException for a corrupt or inconsistent frame (it belongs in the DLQ)
   */
  public static Pixels decode(VideoFrame frame) throws BadFrameException {
    ByteBuffer data = frame.getData();
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    if (frame.getEncoding() == FrameEncoding.RGB24) {
      long expected = 3L * frame.getWidth() * frame.getHeight();
      if (frame.getWidth() <= 0 || frame.getHeight() <= 0 || bytes.length != expected) {
        throw new BadFrameException(
            "RGB24 frame "
                + frame.getWidth()
                + "x"
                + frame.getHeight()
                + " needs "
                + expected
                + " bytes, got "
                + bytes.length);
      }
      return new Pixels(bytes, frame.getWidth(), frame.getHeight());
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new BadFrameException("corrupt JPEG (" + bytes.length + " bytes): " + e.getMessage());
    }
    if (image == null) {
      throw new BadFrameException("not a decodable image (" + bytes.length + " bytes)");
    }
    return new Pixels(toRgb(image), image.getWidth(), image.getHeight());
  }

  /** Packed RGB24 pixels of an image, row-major. */
  public static byte[] toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      rgb[i * 3] = (byte) (p >>> 16);
      rgb[i * 3 + 1] = (byte) (p >>> 8);
      rgb[i * 3 + 2] = (byte) p;
    }
    return rgb;
  }
}
