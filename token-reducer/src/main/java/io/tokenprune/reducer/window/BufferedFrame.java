package io.tokenprune.reducer.window;

import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One encoded frame waiting in a stream's window buffer.
 *
 * <p>Stored value layout (little-endian): ptsMicros i64, arrivalMillis i64, N i32, D i32, saliency
 * [N] f32, tokens [N, D] f16. Tokens are kept as F16, the precision segments are emitted in, which
 * halves the changelog traffic; every computation reads them back from this form, so a restored
 * buffer gives bit-identical segments to one that never crashed.
 *
 * @param arrivalMillis wall-clock time the reducer buffered it (for the window latency metric)
 * @param tokens [N * D]
 * @param saliency [N]
 */
public record BufferedFrame(
    long seq, long ptsMicros, long arrivalMillis, int n, int d, float[] tokens, float[] saliency) {

  private static final int HEADER = 24;

  public BufferedFrame {
    if (tokens.length != n * d || saliency.length != n) {
      throw new IllegalArgumentException(
          "frame " + seq + ": expected " + n + "x" + d + " tokens and " + n + " saliency values");
    }
  }

  /** Rounds the tokens to F16 now, so the in-memory and stored forms are the same values. */
  public static BufferedFrame of(
      long seq,
      long ptsMicros,
      long arrivalMillis,
      int n,
      int d,
      float[] tokens,
      float[] saliency) {
    float[] rounded =
        TensorCodec.decode(TensorCodec.encode(tokens, TensorDtype.F16), TensorDtype.F16);
    return new BufferedFrame(seq, ptsMicros, arrivalMillis, n, d, rounded, saliency.clone());
  }

  public byte[] toBytes() {
    byte[] tok = TensorCodec.encode(tokens, TensorDtype.F16);
    ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * n + tok.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(ptsMicros).putLong(arrivalMillis).putInt(n).putInt(d);
    b.asFloatBuffer().put(saliency);
    b.position(HEADER + 4 * n);
    b.put(tok);
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
    b.position(HEADER + 4 * n);
    float[] tokens = TensorCodec.decode(b.slice(), TensorDtype.F16);
    return new BufferedFrame(seq, pts, arrival, n, d, tokens, sal);
  }
}
