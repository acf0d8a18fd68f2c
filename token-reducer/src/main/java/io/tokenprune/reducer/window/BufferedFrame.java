package io.tokenprune.reducer.window;

import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One encoded frame waiting in a stream's window buffer, with its tokens held as F16 bytes.
 *
 * <p>Stored value layout (little-endian): ptsMicros i64, arrivalMillis i64, N i32, D i32, saliency
 * [N] f32, tokens [N, D] f16. Tokens are kept in F16, the precision segments are emitted in: that
 * halves the changelog traffic, and since every flush decodes them from this one form, a buffer
 * restored after a crash gives bit-identical segments to one that never crashed. They are encoded
 * once when the frame arrives and decoded once per flush.
 *
 * @param arrivalMillis wall-clock time the reducer buffered it (for the window latency metric)
 * @param tokensF16 [N * D] as little-endian F16
 * @param saliency [N]
 */
public record BufferedFrame(
    long seq,
    long ptsMicros,
    long arrivalMillis,
    int n,
    int d,
    byte[] tokensF16,
    float[] saliency) {

  private static final int HEADER = 24;

  public BufferedFrame {
    if (tokensF16.length != 2 * n * d || saliency.length != n) {
      throw new IllegalArgumentException(
          "frame "
              + seq
              + ": expected "
              + n
              + "x"
              + d
              + " F16 tokens and "
              + n
              + " saliency values");
    }
  }

  /** Packs freshly encoded tokens [N * D] into F16. */
  public static BufferedFrame of(
      long seq,
      long ptsMicros,
      long arrivalMillis,
      int n,
      int d,
      float[] tokens,
      float[] saliency) {
    return new BufferedFrame(
        seq, ptsMicros, arrivalMillis, n, d, TensorCodec.encode(tokens, TensorDtype.F16), saliency);
  }

  /** The tokens [N * D] as floats, decoded from F16 (a new array each call). */
  public float[] tokens() {
    return TensorCodec.decode(tokensF16, TensorDtype.F16);
  }

  public byte[] toBytes() {
    ByteBuffer b =
        ByteBuffer.allocate(HEADER + 4 * n + tokensF16.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(ptsMicros).putLong(arrivalMillis).putInt(n).putInt(d);
    b.asFloatBuffer().put(saliency);
    b.position(HEADER + 4 * n);
    b.put(tokensF16);
    return b.array();
  }

  public static BufferedFrame fromBytes(long seq, byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long pts = b.getLong();
    long arrival = b.getLong();
    int n = b.getInt();
    int d = b.getInt();
    float[] sal = new float[n];
    b.asFloatBuffer().get(sal);
    byte[] tokens = new byte[bytes.length - HEADER - 4 * n];
    b.position(HEADER + 4 * n);
    b.get(tokens);
    return new BufferedFrame(seq, pts, arrival, n, d, tokens, sal);
  }
}
