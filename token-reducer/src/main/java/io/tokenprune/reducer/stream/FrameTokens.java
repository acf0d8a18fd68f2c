package io.tokenprune.reducer.stream;

import io.tokenprune.inference.vision.EncodedFrame;
import io.tokenprune.inference.vision.FrameEncoder;
import io.tokenprune.reducer.frame.BadFrameException;
import io.tokenprune.reducer.frame.FrameDecoder;
import io.tokenprune.reducer.window.BufferedFrame;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.AvroSerde;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.tensor.TokenFrameCodec;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The first step of every video topology: raw record bytes to a VideoFrame to visual tokens,
 * through the frame encoder for pixels (JPEG, RGB24) or as they are for frames encoded upstream
 * (TOKENS_F16). Any failure is a {@link BadFrameException} whose message is the DLQ reason.
 */
final class FrameTokens {
  private final AvroSerde<VideoFrame> serde = RecordSerdes.videoFrame();
  private final FrameEncoder encoder;

  FrameTokens(FrameEncoder encoder) {
    this.encoder = encoder;
  }

  VideoFrame parse(String topic, byte[] value) throws BadFrameException {
    if (value == null) {
      throw new BadFrameException("null frame value");
    }
    try {
      return serde.deserialize(topic, value);
    } catch (SerializationException e) {
      throw new BadFrameException(e.getMessage());
    }
  }

  EncodedFrame encode(VideoFrame frame) throws BadFrameException {
    if (frame.getEncoding() == FrameEncoding.TOKENS_F16) {
      try {
        TokenFrameCodec.TokenFrame t = TokenFrameCodec.decode(frame.getData());
        return new EncodedFrame(t.tokens(), t.saliency(), t.n(), t.d());
      } catch (IllegalArgumentException e) {
        throw new BadFrameException(e.getMessage());
      }
    }
    FrameDecoder.Pixels px = FrameDecoder.decode(frame);
    try {
      return encoder.encode(px.rgb(), px.width(), px.height());
    } catch (IllegalArgumentException e) {
      throw new BadFrameException(e.getMessage());
    }
  }

  /**
   * The frame as it waits in a window buffer. Frames encoded upstream keep the F16 bytes they
   * arrived in; pixel frames go through the encoder and are packed to F16 once.
   */
  BufferedFrame buffered(VideoFrame frame, long arrivalMillis) throws BadFrameException {
    if (frame.getEncoding() == FrameEncoding.TOKENS_F16) {
      try {
        TokenFrameCodec.RawTokenFrame t = TokenFrameCodec.decodeRaw(frame.getData());
        return new BufferedFrame(
            frame.getSeq(),
            frame.getPtsMicros(),
            arrivalMillis,
            t.n(),
            t.d(),
            t.tokensF16(),
            t.saliency());
      } catch (IllegalArgumentException e) {
        throw new BadFrameException(e.getMessage());
      }
    }
    EncodedFrame enc = encode(frame);
    return BufferedFrame.of(
        frame.getSeq(),
        frame.getPtsMicros(),
        arrivalMillis,
        enc.patches(),
        enc.dim(),
        enc.tokens(),
        enc.saliency());
  }

  FrameEncoder encoder() {
    return encoder;
  }
}
