package io.tokenprune.schemas.tensor;

/**
 * Bit-exact IEEE 754 binary16 conversion (Java 17 has no {@code Float.floatToFloat16}).
 *
 * <p>float to half rounds to nearest, ties to even; values at or beyond 65520 become infinity;
 * values below half the smallest subnormal (2^-25) become signed zero. NaN stays NaN (quiet, with
 * the top payload bits kept).
 */
public final class Half {
  private Half() {}

  /** Converts a float to the nearest half, returned as its 16 raw bits. */
  public static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7f_ffff;
    if (exp == 0xff) {
      return (short) (mant == 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13));
    }
    int e = exp - 127 + 15; // re-biased exponent
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      // Subnormal half: value = mant24 * 2^(exp-150), unit 2^-24, so shift right by 126 - exp.
      int shift = 14 - e;
      if (shift > 24) {
        return (short) sign;
      }
      int m = mant | 0x80_0000;
      int halfMant = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (halfMant & 1) != 0)) {
        halfMant++; // may carry into the smallest normal, which is the right answer
      }
      return (short) (sign | halfMant);
    }
    int result = sign | (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (result & 1) != 0)) {
      result++; // a carry out of the mantissa bumps the exponent, up to infinity
    }
    return (short) result;
  }

  /** Converts the 16 raw bits of a half to the exactly equal float. */
  public static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f80_0000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      // Subnormal: mant * 2^-24, exact in float.
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
