package io.tokenprune.reducer.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoverageTest {
  private static final List<float[]> FOUR = List.<float[]>of(new float[] {1, 0, 0, 1, 1, 1, -1, 0});

  @Test
  void oneKeptTokenScoresEachOriginalByItsCosine() {
    // Cosines to (1,0): 1, 0, 1/sqrt2, -1.
    Coverage.Stats s = Coverage.measure(FOUR, 4, 2, new float[] {2, 0});
    assertThat(s.mean()).isCloseTo((1 + 0 + Math.sqrt(0.5) - 1) / 4, within(1e-6));
    assertThat(s.p5()).isCloseTo(-1, within(1e-6)); // ceil(0.05 * 4) = 1st smallest
  }

  @Test
  void eachOriginalTakesItsBestKeptToken() {
    // Kept (1,0) and (0,2): best cosines 1, 1, 1/sqrt2, 0.
    Coverage.Stats s = Coverage.measure(FOUR, 4, 2, new float[] {1, 0, 0, 2});
    assertThat(s.mean()).isCloseTo((2 + Math.sqrt(0.5)) / 4, within(1e-6));
    assertThat(s.p5()).isCloseTo(0, within(1e-6));
  }

  @Test
  void keepingEveryTokenCoversEverythingFully() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 13, d = 10;
    List<float[]> frames = List.of(gaussian(rnd, n * d), gaussian(rnd, n * d));
    float[] all = new float[2 * n * d];
    System.arraycopy(frames.get(0), 0, all, 0, n * d);
    System.arraycopy(frames.get(1), 0, all, n * d, n * d);
    Coverage.Stats s = Coverage.measure(frames, n, d, all);
    assertThat(s.mean()).isCloseTo(1, within(1e-5));
    assertThat(s.p5()).isCloseTo(1, within(1e-5));
  }

  @Test
  void matchesADirectMaxOfCosinesOnRandomTokens() {
    SplittableRandom rnd = new SplittableRandom(8);
    int n = 11, d = 7, m = 600; // more kept tokens than one scoring block
    List<float[]> frames = List.of(gaussian(rnd, n * d), gaussian(rnd, n * d));
    float[] kept = gaussian(rnd, m * d);
    double[] best = new double[2 * n];
    for (int f = 0; f < 2; f++) {
      for (int p = 0; p < n; p++) {
        double max = -2;
        for (int j = 0; j < m; j++) {
          double dot = 0, na = 0, nb = 0;
          for (int t = 0; t < d; t++) {
            double a = frames.get(f)[p * d + t], b = kept[j * d + t];
            dot += a * b;
            na += a * a;
            nb += b * b;
          }
          max = Math.max(max, dot / Math.sqrt(na * nb));
        }
        best[f * n + p] = max;
      }
    }
    Coverage.Stats s = Coverage.measure(frames, n, d, kept);
    Coverage.Stats expected = Coverage.stats(best);
    assertThat(s.mean()).isCloseTo(expected.mean(), within(1e-5));
    assertThat(s.p5()).isCloseTo(expected.p5(), within(1e-5));
  }

  @Test
  void fifthPercentileIsTheNearestRank() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 99 - i; // 99..0
    }
    assertThat(Coverage.stats(values).p5()).isEqualTo(4); // the 5th smallest
    assertThat(Coverage.stats(values).mean()).isEqualTo(49.5);
    assertThat(Coverage.stats(new double[] {3}).p5()).isEqualTo(3);
  }

  @Test
  void nothingKeptIsAnError() {
    assertThatThrownBy(() -> Coverage.measure(FOUR, 4, 2, new float[0]))
        .hasMessageContaining("M >= 1");
  }

  static float[] gaussian(SplittableRandom rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }
}
