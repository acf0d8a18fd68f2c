package io.tokenprune.schemas.tensor;

import io.tokenprune.schemas.TensorDtype;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The payload of a {@code TOKENS_F16} VideoFrame: a frame already encoded upstream (a vision tower
 * on a GPU, say), so the reducer skips decoding and encoding. Layout, little-endian: N i32, D i32,
 * saliency [N] f32, tokens [N, D] f16.
 */
public final class TokenFrameCodec {
  private static final int HEADER = 8;

  private TokenFrameCodec() {}

  /** A decoded token frame: tokens [N*D], saliency [N]. */
  public record TokenFrame(int n, int d, float[] tokens, float[] saliency) {}

  /** A token frame with its tokens left as the F16 bytes [N*D*2] they travelled in. */
  public record RawTokenFrame(int n, int d, byte[] tokensF16, float[] saliency) {}

  public static byte[] encode(float[] tokens, float[] saliency, int n, int d) {
    if (n < 1 || d < 1 || tokens.length != n * d || saliency.length != n) {
      throw new IllegalArgumentException(
          "token frame needs N*D tokens and N saliency values, got "
              + tokens.length
              + " and "
              + saliency.length
              + " for N="
              + n
              + ", D="
              + d);
    }
    byte[] tok = TensorCodec.encode(tokens, TensorDtype.F16);
    ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * n + tok.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(n).putInt(d);
    b.asFloatBuffer().put(saliency);
    b.position(HEADER + 4 * n);
    b.put(tok);
    return b.array();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a whole token frame
   */
  public static TokenFrame decode(ByteBuffer data) {
    RawTokenFrame raw = decodeRaw(data);
    return new TokenFrame(
        raw.n(), raw.d(), TensorCodec.decode(raw.tokensF16(), TensorDtype.F16), raw.saliency());
  }

  /**
   * Like {@link #decode} but keeps the tokens as F16 bytes, for a consumer that stores them as they
   * are (no conversion either way).
   */
  public static RawTokenFrame decodeRaw(ByteBuffer data) {
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < HEADER) {
      throw new IllegalArgumentException(
          "token frame of " + b.remaining() + " bytes has no header");
    }
    int n = b.getInt();
    int d = b.getInt();
    long expected = HEADER + 4L * n + 2L * n * d;
    if (n < 1 || d < 1 || data.remaining() != expected) {
      throw new IllegalArgumentException(
          "token frame header says N="
              + n
              + ", D="
              + d
              + " ("
              + expected
              + " bytes) but it has "
              + data.remaining()
              + " bytes");
    }
    float[] saliency = new float[n];
    b.asFloatBuffer().get(saliency);
    b.position(b.position() + 4 * n);
    byte[] tokens = new byte[2 * n * d];
    b.get(tokens);
    return new RawTokenFrame(n, d, tokens, saliency);
  }
}
