package io.tokenprune.schemas.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class HalfTest {

  @Test
  void everyHalfValueRoundTripsExactly() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = Half.toFloat(h);
      if (Float.isNaN(f)) {
        assertThat(isNaNHalf(h)).as("0x%04x", bits).isTrue();
        assertThat(isNaNHalf(Half.fromFloat(f))).as("NaN 0x%04x stays NaN", bits).isTrue();
      } else {
        assertThat(Half.fromFloat(f)).as("0x%04x -> %s", bits, f).isEqualTo(h);
      }
    }
  }

  @Test
  void toFloatMatchesTheDefinitionForEveryFiniteHalf() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exp = (bits >>> 10) & 0x1f;
      if (exp == 0x1f) {
        continue;
      }
      int mant = bits & 0x3ff;
      double magnitude =
          exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
      double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
      assertThat((double) Half.toFloat((short) bits)).as("0x%04x", bits).isEqualTo(expected);
    }
  }

  /**
   * For every pair of adjacent positive halves, the exact midpoint must round to the even one, and
   * the floats just either side of it to the nearer one.
   */
  @Test
  void roundsToNearestEvenAtEveryMidpoint() {
    for (int bits = 0; bits < 0x7c00; bits++) {
      float lo = Half.toFloat((short) bits);
      float hi = Half.toFloat((short) (bits + 1)); // 0x7c00 is +inf: the overflow midpoint
      float mid =
          bits + 1 == 0x7c00
              ? 65520f
              : new BigDecimal(lo)
                  .add(new BigDecimal(hi))
                  .divide(BigDecimal.valueOf(2))
                  .floatValue();
      short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
      assertThat(Half.fromFloat(mid)).as("midpoint above 0x%04x", bits).isEqualTo(even);
      assertThat(Half.fromFloat(Math.nextDown(mid))).isEqualTo((short) bits);
      assertThat(Half.fromFloat(Math.nextUp(mid))).isEqualTo((short) (bits + 1));
      assertThat(Half.fromFloat(-mid)).isEqualTo((short) (even | 0x8000));
    }
  }

  @Test
  void edgeCases() {
    assertThat(Half.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
    assertThat(Half.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
    assertThat(isNaNHalf(Half.fromFloat(Float.NaN))).isTrue();
    assertThat(Half.fromFloat(0f)).isEqualTo((short) 0);
    assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
    // largest finite and overflow
    assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Half.fromFloat(65519.996f)).isEqualTo((short) 0x7bff);
    assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7c00);
    assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(Half.fromFloat(-1e6f)).isEqualTo((short) 0xfc00);
    assertThat(Half.fromFloat(Float.MAX_VALUE)).isEqualTo((short) 0x7c00);
    // subnormals
    assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
    assertThat(Half.fromFloat(0x1p-25f)).as("tie to even zero").isEqualTo((short) 0);
    assertThat(Half.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo((short) 0x0001);
    assertThat(Half.fromFloat(0x1.8p-24f)).as("1.5 ulp ties to 2").isEqualTo((short) 0x0002);
    assertThat(Half.fromFloat(0x1p-14f)).as("smallest normal").isEqualTo((short) 0x0400);
    assertThat(Half.fromFloat(0x1.ffep-15f))
        .as("rounds up into the normals")
        .isEqualTo((short) 0x0400);
    assertThat(Half.fromFloat(Float.MIN_VALUE)).isEqualTo((short) 0);
    assertThat(Half.fromFloat(-Float.MIN_VALUE)).isEqualTo((short) 0x8000);
    assertThat(Half.fromFloat(1e-30f)).isEqualTo((short) 0);
    // ordinary values
    assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
    assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
    assertThat(Half.fromFloat(0.1f)).isEqualTo((short) 0x2e66);
  }

  private static boolean isNaNHalf(short h) {
    return (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
  }
}
