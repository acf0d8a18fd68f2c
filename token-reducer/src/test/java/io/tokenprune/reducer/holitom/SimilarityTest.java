package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel test runs once per {@link Kernels#available()} choice: scalar, and SIMD. */
class SimilarityTest {
  static List<Kernels> kernels() {
    return Kernels.available();
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void matchesTheNaiveCosineOnRandomFrames(Kernels kernels) {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int trial = 0; trial < 60; trial++) {
      int t = 1 + rnd.nextInt(6);
      int n = 1 + rnd.nextInt(20);
      int d = 1 + rnd.nextInt(80); // includes dims that are not multiples of the unroll or lanes
      List<float[]> frames =
          trial % 2 == 0
              ? TestClips.independent(rnd, t, n, d)
              : TestClips.structured(rnd, t, n, d, 0.3, 0.1);
      float[] fast = Similarity.consecutive(frames, 0, t - 1, n, d, kernels);
      double[][] naive = NaiveHoliTom.similarity(frames, n, d);
      assertThat(fast).hasSize((t - 1) * n);
      for (int f = 0; f < t - 1; f++) {
        for (int p = 0; p < n; p++) {
          assertThat((double) fast[f * n + p]).isCloseTo(naive[f][p], within(1e-5));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void aZeroTokenHasCosineZeroAndParallelTokensOne(Kernels kernels) {
    float[] a = {0, 0, 1, 2};
    float[] b = {3, 4, 2, 4};
    float[] sim = Similarity.consecutive(List.of(a, b), 0, 1, 2, 2, kernels);
    assertThat(sim[0]).isEqualTo(0f);
    assertThat(sim[1]).isCloseTo(1f, within(1e-6f));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void aSubRangeEqualsTheSameRowsOfTheWholeWindow(Kernels kernels) {
    SplittableRandom rnd = new SplittableRandom(2);
    List<float[]> frames = TestClips.independent(rnd, 7, 5, 9);
    float[] all = Similarity.consecutive(frames, 0, 6, 5, 9, kernels);
    float[] part = Similarity.consecutive(frames, 2, 5, 5, 9, kernels);
    assertThat(part).isEqualTo(Arrays.copyOfRange(all, 2 * 5, 5 * 5));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void betweenGivesTheSameBitsAsTheWindowRows(Kernels kernels) {
    SplittableRandom rnd = new SplittableRandom(3);
    // 13 positions: more than one SIMD position tile, and a partial one; 75 dims: a lane tail
    List<float[]> frames = TestClips.structured(rnd, 5, 13, 75, 0.3, 0);
    float[] all = Similarity.consecutive(frames, 0, 4, 13, 75, kernels);
    for (int t = 0; t < 4; t++) {
      assertThat(Similarity.between(frames.get(t), frames.get(t + 1), 13, 75, kernels))
          .isEqualTo(Arrays.copyOfRange(all, t * 13, (t + 1) * 13));
    }
  }

  @Test
  void thePublicEntryPointsRunTheDefaultKernels() {
    SplittableRandom rnd = new SplittableRandom(4);
    List<float[]> frames = TestClips.structured(rnd, 4, 6, 40, 0.3, 0);
    assertThat(Similarity.consecutive(frames, 6, 40))
        .isEqualTo(Similarity.consecutive(frames, 0, 3, 6, 40, Kernels.DEFAULT));
    assertThat(Similarity.between(frames.get(0), frames.get(1), 6, 40))
        .isEqualTo(Similarity.between(frames.get(0), frames.get(1), 6, 40, Kernels.DEFAULT));
  }
}
