package io.tokenprune.ingest.video;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes frames to baseline JPEG (YCbCr 4:2:0) with the JDK's ImageIO writer at a fixed quality.
 * ImageIO is pure Java and deterministic, so the same frame always gives the same bytes on every
 * platform, and it needs no second FFmpeg codec context; at 384x384 an encode takes a few
 * milliseconds, far below the decode and sampling interval. One writer is reused per stream, so an
 * instance is not thread-safe.
 */
public final class JpegEncoder implements AutoCloseable {
  private final ImageWriter writer;
  private final ImageWriteParam param;

  /** {@code quality} in (0, 1]; 0.9 keeps patch features close to the raw frame. */
  public JpegEncoder(float quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no ImageIO JPEG writer");
    }
    this.writer = writers.next();
    this.param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
  }

  /** JPEG bytes of an RGB image without alpha (ImageIO would misread alpha as a 4th channel). */
  public byte[] encode(BufferedImage image) {
    if (image.getColorModel().hasAlpha()) {
      throw new IllegalArgumentException("JPEG frames must not have alpha, got " + image);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    writer.dispose();
  }
}
