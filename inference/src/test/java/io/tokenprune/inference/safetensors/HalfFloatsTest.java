package io.tokenprune.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {
  @Test
  void everyHalfWidensExactlyAndNarrowsBack() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.halfToFloat((short) bits);
      short back = HalfFloats.floatToHalf(f);
      if (Float.isNaN(f)) {
        assertThat(Float.isNaN(HalfFloats.halfToFloat(back))).isTrue();
      } else {
        assertThat(back & 0xffff).as("half %04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void halfWideningMatchesTheDefinition() {
    assertThat(HalfFloats.halfToFloat((short) 0x3c00)).isEqualTo(1f);
    assertThat(HalfFloats.halfToFloat((short) 0xc000)).isEqualTo(-2f);
    assertThat(HalfFloats.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
    assertThat(HalfFloats.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void narrowingRoundsHalfwayCasesToEven() {
    // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to even (1)
    assertThat(HalfFloats.floatToHalf(1 + 0x1p-11f)).isEqualTo((short) 0x3c00);
    // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even)
    assertThat(HalfFloats.floatToHalf(1 + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
    assertThat(HalfFloats.floatToHalf(65520f)).isEqualTo((short) 0x7c00);
    assertThat(HalfFloats.floatToHalf(0x1p-26f)).isEqualTo((short) 0);
    assertThat(HalfFloats.floatToHalf(0x1.8p-25f)).isEqualTo((short) 1);
  }

  @Test
  void bfloat16KeepsTheTopSixteenBitsRoundedToEven() {
    for (int bits = 0; bits < 0x10000; bits += 7) {
      float f = HalfFloats.bf16ToFloat((short) bits);
      if (!Float.isNaN(f)) {
        assertThat(HalfFloats.floatToBf16(f) & 0xffff).isEqualTo(bits);
      }
    }
    assertThat(HalfFloats.bf16ToFloat((short) 0x3fc0)).isEqualTo(1.5f);
    // 1 + 2^-8 is halfway between bf16 1 and 1 + 2^-7: ties to even
    assertThat(HalfFloats.floatToBf16(1 + 0x1p-8f)).isEqualTo((short) 0x3f80);
    assertThat(HalfFloats.floatToBf16(1 + 0x1.8p-8f)).isEqualTo((short) 0x3f81);
    assertThat(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN)))).isTrue();
  }
}
