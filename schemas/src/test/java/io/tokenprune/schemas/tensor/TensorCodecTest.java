package io.tokenprune.schemas.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.schemas.TensorDtype;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

  @Test
  void f32RoundTripIsExactAndLittleEndian() {
    float[] v = {1f, -2.5f, Float.NaN, Float.NEGATIVE_INFINITY, 3.4e38f, 1e-45f};
    byte[] bytes = TensorCodec.encode(v, TensorDtype.F32);
    assertThat(bytes).hasSize(24);
    // 1.0f = 0x3f800000, little-endian
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(bytes[3]).isEqualTo((byte) 0x3f);
    assertThat(TensorCodec.decode(bytes, TensorDtype.F32)).containsExactly(v);
  }

  @Test
  void f16RoundTripMatchesHalfConversion() {
    Random rnd = new Random(7);
    float[] v = new float[196 * 64];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian() * 4;
    }
    byte[] bytes = TensorCodec.encode(v, TensorDtype.F16);
    assertThat(bytes).hasSize(v.length * 2);
    float[] back = TensorCodec.decode(bytes, TensorDtype.F16);
    for (int i = 0; i < v.length; i++) {
      assertThat(back[i]).isEqualTo(Half.toFloat(Half.fromFloat(v[i])));
      assertThat(Math.abs(back[i] - v[i]))
          .isLessThanOrEqualTo(Math.abs(v[i]) * 0x1p-11f + 0x1p-25f);
    }
  }

  @Test
  void encodesASliceAndDecodesABufferWithoutMovingIt() {
    float[] v = {9f, 1f, 2f, 3f, 9f};
    byte[] bytes = TensorCodec.encode(v, 1, 3, TensorDtype.F16);
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    assertThat(TensorCodec.decode(buf, TensorDtype.F16)).containsExactly(1f, 2f, 3f);
    assertThat(buf.position()).isZero();
  }

  @Test
  void intsRoundTrip() {
    int[] v = {0, -1, 195, Integer.MAX_VALUE};
    assertThat(TensorCodec.decodeInts(ByteBuffer.wrap(TensorCodec.encodeInts(v))))
        .containsExactly(v);
  }

  @Test
  void raggedBytesAreRejected() {
    assertThatThrownBy(() -> TensorCodec.decode(new byte[3], TensorDtype.F16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 bytes");
  }
}
