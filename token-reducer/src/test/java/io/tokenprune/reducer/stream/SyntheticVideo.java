package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.nio.ByteBuffer;

/**
 * RGB24 frames for window tests, 112x112 (8-px patches on the 14x14 grid): a flat background per
 * scene with one 16-px square moving 8 px per frame, so most patches stay static within a scene and
 * every patch changes at a scene cut.
 */
final class SyntheticVideo {
  static final int SIZE = 112;

  private SyntheticVideo() {}

  /** The frame at index {@code i} of scene {@code scene}. */
  static byte[] rgb(int scene, int i) {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    int r = (scene * 97 + 40) & 0xff;
    int g = (scene * 53 + 90) & 0xff;
    int b = (scene * 31 + 160) & 0xff;
    int sx = (i * 8) % (SIZE - 16);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        boolean square = x >= sx && x < sx + 16 && y >= 48 && y < 64;
        // a fixed texture so patches differ from each other within a scene
        int tex = ((x / 8) * 7 + (y / 8) * 13) % 40;
        int o = (y * SIZE + x) * 3;
        rgb[o] = (byte) (square ? 250 : r + tex);
        rgb[o + 1] = (byte) (square ? 20 : g - tex);
        rgb[o + 2] = (byte) (square ? 20 : b + tex / 2);
      }
    }
    return rgb;
  }

  static byte[] frame(String stream, long seq, int scene, boolean last) {
    VideoFrame f =
        VideoFrame.newBuilder()
            .setStreamId(stream)
            .setSeq(seq)
            .setPtsMicros(seq * 1_000_000)
            .setWidth(SIZE)
            .setHeight(SIZE)
            .setEncoding(FrameEncoding.RGB24)
            .setData(ByteBuffer.wrap(rgb(scene, (int) seq)))
            .setEndOfStream(last)
            .build();
    return RecordSerdes.videoFrame().serialize("tp.video.frames", f);
  }
}
