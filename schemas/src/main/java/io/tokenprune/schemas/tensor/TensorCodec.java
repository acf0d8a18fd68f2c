package io.tokenprune.schemas.tensor;

import io.tokenprune.schemas.TensorDtype;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Packs {@code float[]} tensors into little-endian bytes as F32 or F16 and back, with bulk buffer
 * views and primitive loops only (no boxing). Shapes travel beside the bytes, not in them.
 */
public final class TensorCodec {
  private TensorCodec() {}

  /** Bytes per element of {@code dtype}. */
  public static int elementSize(TensorDtype dtype) {
    return dtype == TensorDtype.F16 ? 2 : 4;
  }

  public static byte[] encode(float[] values, TensorDtype dtype) {
    return encode(values, 0, values.length, dtype);
  }

  /** Encodes {@code values[offset, offset+length)}. */
  public static byte[] encode(float[] values, int offset, int length, TensorDtype dtype) {
    byte[] out = new byte[length * elementSize(dtype)];
    ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    if (dtype == TensorDtype.F32) {
      buf.asFloatBuffer().put(values, offset, length);
    } else {
      ShortBuffer shorts = buf.asShortBuffer();
      for (int i = 0; i < length; i++) {
        shorts.put(i, Half.fromFloat(values[offset + i]));
      }
    }
    return out;
  }

  public static float[] decode(byte[] bytes, TensorDtype dtype) {
    return decode(ByteBuffer.wrap(bytes), dtype);
  }

  /** Decodes the remaining bytes of {@code bytes} (its position is not moved). */
  public static float[] decode(ByteBuffer bytes, TensorDtype dtype) {
    int size = elementSize(dtype);
    if (bytes.remaining() % size != 0) {
      throw new IllegalArgumentException(
          "tensor of "
              + bytes.remaining()
              + " bytes is not a whole number of "
              + dtype
              + " values");
    }
    ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / size];
    if (dtype == TensorDtype.F32) {
      FloatBuffer floats = buf.asFloatBuffer();
      floats.get(out);
    } else {
      ShortBuffer shorts = buf.asShortBuffer();
      for (int i = 0; i < out.length; i++) {
        out[i] = Half.toFloat(shorts.get(i));
      }
    }
    return out;
  }

  /** Packs int32 values little-endian (positions, ids). */
  public static byte[] encodeInts(int[] values) {
    byte[] out = new byte[values.length * 4];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(values);
    return out;
  }

  public static int[] decodeInts(ByteBuffer bytes) {
    if (bytes.remaining() % 4 != 0) {
      throw new IllegalArgumentException(
          "int tensor of " + bytes.remaining() + " bytes is not a whole number of int32 values");
    }
    int[] out = new int[bytes.remaining() / 4];
    bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
    return out;
  }
}
