package io.tokenprune.schemas.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TokenFrameCodecTest {
  @Test
  void roundTripsThroughF16() {
    float[] tokens = {0.5f, -1f, 2f, 0.25f, 3f, -0.125f};
    float[] saliency = {0.9f, 0.1f};
    TokenFrameCodec.TokenFrame f =
        TokenFrameCodec.decode(ByteBuffer.wrap(TokenFrameCodec.encode(tokens, saliency, 2, 3)));
    assertThat(f.n()).isEqualTo(2);
    assertThat(f.d()).isEqualTo(3);
    assertThat(f.tokens()).containsExactly(tokens); // all exactly representable in F16
    assertThat(f.saliency()).containsExactly(saliency);
  }

  @Test
  void rejectsTruncatedOrInconsistentBytes() {
    byte[] ok = TokenFrameCodec.encode(new float[6], new float[2], 2, 3);
    assertThatThrownBy(() -> TokenFrameCodec.decode(ByteBuffer.wrap(ok, 0, ok.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header says N=2, D=3");
    assertThatThrownBy(() -> TokenFrameCodec.decode(ByteBuffer.wrap(new byte[3])))
        .hasMessageContaining("no header");
    assertThatThrownBy(() -> TokenFrameCodec.encode(new float[5], new float[2], 2, 3))
        .hasMessageContaining("N*D");
  }
}
