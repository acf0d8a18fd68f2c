package io.tokenprune.inference.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PatchEncoderTest {
  private final PatchEncoder encoder = new PatchEncoder();

  @Test
  void shapesAndDeterminism() {
    byte[] rgb = noise(384, 384, 1);
    EncodedFrame a = encoder.encode(rgb, 384, 384);
    EncodedFrame b = new PatchEncoder().encode(rgb, 384, 384);
    assertThat(a.patches()).isEqualTo(196);
    assertThat(a.dim()).isEqualTo(256);
    assertThat(a.tokens()).containsExactly(b.tokens());
    assertThat(a.saliency()).containsExactly(b.saliency());
  }

  @Test
  void identicalPatchesGiveIdenticalTokensAndDifferentPatchesDiffer() {
    byte[] rgb = noise(384, 384, 2);
    byte[] changed = rgb.clone();
    // repaint the top-left patch only (27x27 px at 384/14)
    for (int y = 0; y < 27; y++) {
      for (int x = 0; x < 27; x++) {
        for (int c = 0; c < 3; c++) {
          changed[(y * 384 + x) * 3 + c] = (byte) (255 - (rgb[(y * 384 + x) * 3 + c] & 0xff));
        }
      }
    }
    EncodedFrame a = encoder.encode(rgb, 384, 384);
    EncodedFrame b = encoder.encode(changed, 384, 384);
    assertThat(cosine(a.tokens(), b.tokens(), 0, 256)).isLessThan(0.5);
    for (int p = 1; p < 196; p++) {
      assertThat(cosine(a.tokens(), b.tokens(), p, 256)).as("patch %d", p).isEqualTo(1.0, within());
    }
  }

  @Test
  void theOddPatchOutIsTheMostSalient() {
    byte[] rgb = new byte[384 * 384 * 3];
    java.util.Arrays.fill(rgb, (byte) 40);
    // a bright square inside patch (5, 7)
    int x0 = 7 * 384 / 14;
    int y0 = 5 * 384 / 14;
    for (int y = y0 + 4; y < y0 + 22; y++) {
      for (int x = x0 + 4; x < x0 + 22; x++) {
        rgb[(y * 384 + x) * 3] = (byte) 250;
        rgb[(y * 384 + x) * 3 + 1] = (byte) 10;
      }
    }
    float[] s = encoder.encode(rgb, 384, 384).saliency();
    int best = 0;
    for (int p = 1; p < s.length; p++) {
      if (s[p] > s[best]) {
        best = p;
      }
    }
    assertThat(best).isEqualTo(5 * 14 + 7);
  }

  @Test
  void distinctivenessMatchesTheNaiveDefinition() {
    Random rnd = new Random(3);
    int n = 9;
    int d = 5;
    float[] t = new float[n * d];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) rnd.nextGaussian();
    }
    float[] fast = PatchEncoder.distinctiveness(t, n, d);
    for (int p = 0; p < n; p++) {
      double sum = 0;
      for (int q = 0; q < n; q++) {
        if (q != p) {
          sum += cosine(t, p, t, q, d);
        }
      }
      assertThat((double) fast[p])
          .isCloseTo(1 - sum / (n - 1), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void rejectsWrongSizes() {
    assertThatThrownBy(() -> encoder.encode(new byte[10], 384, 384))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 442368 RGB bytes");
    assertThatThrownBy(() -> encoder.encode(new byte[8 * 8 * 3], 8, 8))
        .hasMessageContaining("smaller than the 14x14 grid");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  private static double cosine(float[] a, float[] b, int p, int d) {
    return cosine(a, p, b, p, d);
  }

  private static double cosine(float[] a, int p, float[] b, int q, int d) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < d; j++) {
      dot += a[p * d + j] * b[q * d + j];
      na += a[p * d + j] * a[p * d + j];
      nb += b[q * d + j] * b[q * d + j];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static byte[] noise(int w, int h, long seed) {
    byte[] rgb = new byte[w * h * 3];
    new Random(seed).nextBytes(rgb);
    return rgb;
  }
}
