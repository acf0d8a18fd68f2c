package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/** Real JPEG frames for topology tests: a static background with one moving square. */
final class TestFrames {
  private TestFrames() {}

  static byte[] jpeg(int size, int squareX, Color background) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, size, size);
    g.setColor(Color.ORANGE);
    g.fillRect(squareX, size / 3, size / 6, size / 6);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static VideoFrame frame(String stream, long seq, byte[] jpeg, boolean last) {
    return VideoFrame.newBuilder()
        .setStreamId(stream)
        .setSeq(seq)
        .setPtsMicros(seq * 1_000_000)
        .setWidth(112)
        .setHeight(112)
        .setEncoding(FrameEncoding.JPEG)
        .setData(ByteBuffer.wrap(jpeg))
        .setEndOfStream(last)
        .build();
  }

  static byte[] bytes(VideoFrame f) {
    return RecordSerdes.videoFrame().serialize("tp.video.frames", f);
  }
}
