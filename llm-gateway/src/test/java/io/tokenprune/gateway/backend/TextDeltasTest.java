package io.tokenprune.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDeltasTest {
  /** Byte-level ids decoded as UTF-8, as the byte tokenizer does: ids are the bytes. */
  private static String decode(int[] ids) {
    byte[] b = new byte[ids.length];
    for (int i = 0; i < ids.length; i++) {
      b[i] = (byte) ids[i];
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void aCharacterSplitOverBytesIsReleasedWhole() {
    TextDeltas d = new TextDeltas(TextDeltasTest::decode);
    byte[] euro = "a€b".getBytes(StandardCharsets.UTF_8); // a, 3 bytes, b
    StringBuilder out = new StringBuilder();
    String[] pieces = new String[euro.length];
    for (int i = 0; i < euro.length; i++) {
      pieces[i] = d.add(euro[i] & 0xff);
      out.append(pieces[i]);
    }
    assertThat(pieces).containsExactly("a", "", "", "€", "b");
    assertThat(out.toString() + d.finish()).isEqualTo("a€b");
  }

  @Test
  void aTruncatedCharacterAtTheEndComesOutOnFinish() {
    TextDeltas d = new TextDeltas(TextDeltasTest::decode);
    assertThat(d.add('x')).isEqualTo("x");
    assertThat(d.add(0xE2)).isEmpty();
    assertThat(d.finish()).isEqualTo("\uFFFD");
  }
}
