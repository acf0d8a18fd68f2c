package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimilarityTest {
  @Test
  void matchesTheNaiveCosineOnRandomFrames() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int trial = 0; trial < 60; trial++) {
      int t = 1 + rnd.nextInt(6);
      int n = 1 + rnd.nextInt(20);
      int d = 1 + rnd.nextInt(40); // includes dims that are not multiples of the unroll
      List<float[]> frames =
          trial % 2 == 0
              ? TestClips.independent(rnd, t, n, d)
              : TestClips.structured(rnd, t, n, d, 0.3, 0.1);
      float[] fast = Similarity.consecutive(frames, n, d);
      double[][] naive = NaiveHoliTom.similarity(frames, n, d);
      assertThat(fast).hasSize((t - 1) * n);
      for (int f = 0; f < t - 1; f++) {
        for (int p = 0; p < n; p++) {
          assertThat((double) fast[f * n + p]).isCloseTo(naive[f][p], within(1e-5));
        }
      }
    }
  }

  @Test
  void aZeroTokenHasCosineZeroAndParallelTokensOne() {
    float[] a = {0, 0, 1, 2};
    float[] b = {3, 4, 2, 4};
    float[] sim = Similarity.consecutive(List.of(a, b), 2, 2);
    assertThat(sim[0]).isEqualTo(0f);
    assertThat(sim[1]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void aSubRangeEqualsTheSameRowsOfTheWholeWindow() {
    SplittableRandom rnd = new SplittableRandom(2);
    List<float[]> frames = TestClips.independent(rnd, 7, 5, 9);
    float[] all = Similarity.consecutive(frames, 5, 9);
    float[] part = Similarity.consecutive(frames, 2, 5, 5, 9);
    assertThat(part).isEqualTo(Arrays.copyOfRange(all, 2 * 5, 5 * 5));
  }

  @Test
  void betweenGivesTheSameBitsAsTheWindowRows() {
    SplittableRandom rnd = new SplittableRandom(3);
    List<float[]> frames = TestClips.structured(rnd, 5, 7, 13, 0.3, 0);
    float[] all = Similarity.consecutive(frames, 7, 13);
    for (int t = 0; t < 4; t++) {
      assertThat(Similarity.between(frames.get(t), frames.get(t + 1), 7, 13))
          .isEqualTo(Arrays.copyOfRange(all, t * 7, (t + 1) * 7));
    }
  }
}
