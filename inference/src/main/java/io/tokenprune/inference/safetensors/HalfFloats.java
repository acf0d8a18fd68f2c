package io.tokenprune.inference.safetensors;

/**
 * Bit conversions between float and the two 16-bit float formats found in checkpoints. Widening
 * (half or bfloat16 to float) is exact; narrowing rounds to nearest, ties to even.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** IEEE binary16 bits to the exactly equal float. */
  public static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f80_0000 | (mant << 13));
    }
    if (exp != 0) {
      return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
    // subnormal half: mant * 2^-24, exact in float
    float magnitude = mant * 0x1p-24f;
    return sign == 0 ? magnitude : -magnitude;
  }

  /** Float to the nearest IEEE binary16, as raw bits; overflow gives infinity, NaN stays NaN. */
  public static short floatToHalf(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7f_ffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 112; // half exponent field
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    int full;
    int shift;
    if (e > 0) {
      full = (e << 10) | (mant >>> 13);
      shift = 13;
      int rest = mant & 0x1fff;
      return (short) (sign | roundHalfEven(full, rest, 1 << (shift - 1)));
    }
    // subnormal result: the 24-bit significand shifted right by 14 - e (e <= 0)
    shift = 14 - e;
    if (shift > 24) {
      return (short) sign;
    }
    int significand = mant | 0x80_0000;
    full = significand >>> shift;
    int rest = significand & ((1 << shift) - 1);
    return (short) (sign | roundHalfEven(full, rest, 1 << (shift - 1)));
  }

  /** bfloat16 bits to the exactly equal float. */
  public static float bf16ToFloat(short bf16) {
    return Float.intBitsToFloat((bf16 & 0xffff) << 16);
  }

  /** Float to the nearest bfloat16, as raw bits; NaN stays NaN. */
  public static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7f80_0000) == 0x7f80_0000 && (bits & 0x7f_ffff) != 0) {
      return (short) ((bits >>> 16) | 0x40); // quiet NaN
    }
    int upper = bits >>> 16;
    int rest = bits & 0xffff;
    return (short) roundHalfEven(upper, rest, 0x8000);
  }

  private static int roundHalfEven(int truncated, int rest, int halfway) {
    if (rest > halfway || (rest == halfway && (truncated & 1) != 0)) {
      return truncated + 1; // a carry into the exponent is the right answer (up to infinity)
    }
    return truncated;
  }
}
