package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void keepsTheHighestScoresInIndexOrder() {
    double[] score = {0.1, 0.9, 0.5, 0.7, 0.2};
    assertThat(TopK.select(score, 3)).containsExactly(1, 2, 3);
  }

  @Test
  void equalScoresGoToTheLowerIndex() {
    double[] score = {1, 2, 2, 2, 1};
    assertThat(TopK.select(score, 2)).containsExactly(1, 2);
    assertThat(TopK.select(score, 4)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void choosesOnlyAmongCandidatesAndClampsK() {
    double[] score = {9, 1, 8, 2};
    assertThat(TopK.select(score, new int[] {1, 3}, 1)).containsExactly(3);
    assertThat(TopK.select(score, new int[] {1, 3}, 5)).containsExactly(1, 3);
    assertThat(TopK.select(score, new int[] {1, 3}, 0)).isEmpty();
  }

  @Test
  void matchesAFullSortOnRandomScoresWithTies() {
    SplittableRandom rnd = new SplittableRandom(6);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + rnd.nextInt(60);
      double[] score = new double[m];
      for (int i = 0; i < m; i++) {
        score[i] = rnd.nextInt(6);
      }
      int k = rnd.nextInt(m + 1);
      int[] expected =
          NaiveHoliTom.sortedByScoreThenIndex(score).stream()
              .limit(k)
              .mapToInt(Integer::intValue)
              .sorted()
              .toArray();
      assertThat(TopK.select(score, IntStream.range(0, m).toArray(), k)).isEqualTo(expected);
    }
  }
}
