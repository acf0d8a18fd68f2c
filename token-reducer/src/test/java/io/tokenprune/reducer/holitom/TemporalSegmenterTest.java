package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemporalSegmenterTest {
  private static final double TAU = 0.8;

  /**
   * Random cosines from {0.1, 0.95}, static with a per-case probability, so cnt values (and ties
   * between segmentations) are common.
   */
  private static float[] randomSim(SplittableRandom rnd, int t, int n) {
    double staticProb = rnd.nextDouble();
    float[] sim = new float[Math.max(0, t - 1) * n];
    for (int i = 0; i < sim.length; i++) {
      sim[i] = rnd.nextDouble() < staticProb ? 0.95f : 0.1f;
    }
    return sim;
  }

  private static double[][] asRows(float[] sim, int t, int n) {
    double[][] rows = new double[Math.max(0, t - 1)][n];
    for (int f = 0; f < t - 1; f++) {
      for (int p = 0; p < n; p++) {
        rows[f][p] = sim[f * n + p];
      }
    }
    return rows;
  }

  @Test
  void matchesBruteForceOverEverySegmentationForSmallWindows() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 400; trial++) {
      int t = 1 + rnd.nextInt(8);
      int n = 1 + rnd.nextInt(70);
      int maxWindow = 1 + rnd.nextInt(9);
      float[] sim = randomSim(rnd, t, n);
      Segmentation fast = TemporalSegmenter.segment(sim, t, n, TAU, maxWindow);
      Segmentation brute = NaiveHoliTom.bruteForce(asRows(sim, t, n), t, n, TAU, maxWindow);
      assertThat(fast.segments())
          .as("trial %d t=%d n=%d w=%d", trial, t, n, maxWindow)
          .isEqualTo(brute.segments());
      assertThat(fast.total()).isEqualTo(brute.total());
    }
  }

  @Test
  void matchesTheReScanningDpOnLongWindows() {
    SplittableRandom rnd = new SplittableRandom(12);
    for (int trial = 0; trial < 40; trial++) {
      int t = 9 + rnd.nextInt(56);
      int n = 1 + rnd.nextInt(130);
      int maxWindow = 1 + rnd.nextInt(t + 4);
      float[] sim = randomSim(rnd, t, n);
      // Long static runs need high static probabilities; bias half the cases that way.
      if (trial % 2 == 0) {
        for (int i = 0; i < sim.length; i++) {
          sim[i] = rnd.nextDouble() < 0.97 ? 0.95f : 0.1f;
        }
      }
      Segmentation fast = TemporalSegmenter.segment(sim, t, n, TAU, maxWindow);
      Segmentation slow = NaiveHoliTom.rescanDp(asRows(sim, t, n), t, n, TAU, maxWindow);
      assertThat(fast).as("trial %d", trial).isEqualTo(slow);
    }
  }

  @Test
  void totalIsTheSumOfNaiveCntOverTheChosenSegments() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (int trial = 0; trial < 50; trial++) {
      int t = 1 + rnd.nextInt(40);
      int n = 1 + rnd.nextInt(100);
      float[] sim = randomSim(rnd, t, n);
      Segmentation fast = TemporalSegmenter.segment(sim, t, n, TAU, 32);
      long sum = 0;
      for (Segment s : fast.segments()) {
        sum += NaiveHoliTom.cnt(asRows(sim, t, n), n, s.start(), s.end(), TAU);
      }
      assertThat(fast.total()).isEqualTo(sum);
    }
  }

  @Test
  void allStaticGivesOneSegmentPerMaxWindowAndAllDynamicGivesSingleFrames() {
    int t = 10;
    int n = 3;
    float[] still = new float[(t - 1) * n];
    java.util.Arrays.fill(still, 1f);
    assertThat(TemporalSegmenter.segment(still, t, n, TAU, 32).segments())
        .containsExactly(new Segment(0, 9));
    assertThat(TemporalSegmenter.segment(still, t, n, TAU, 32).total()).isEqualTo(9L * n);
    // maxWindow 4: 4+4+2 frames save 3+3+1 per position; the DP takes the shortest last segment.
    assertThat(TemporalSegmenter.segment(still, t, n, TAU, 4).segments())
        .containsExactly(new Segment(0, 3), new Segment(4, 7), new Segment(8, 9));
    float[] moving = new float[(t - 1) * n];
    Segmentation single = TemporalSegmenter.segment(moving, t, n, TAU, 32);
    assertThat(single.segments()).hasSize(t).allMatch(s -> s.length() == 1);
    assertThat(single.total()).isZero();
  }

  @Test
  void aSingleFrameIsOneSegment() {
    assertThat(TemporalSegmenter.segment(new float[0], 1, 5, TAU, 32))
        .isEqualTo(new Segmentation(List.of(new Segment(0, 0)), 0));
  }

  @Test
  void rejectsASimilarityOfTheWrongShape() {
    assertThatThrownBy(() -> TemporalSegmenter.segment(new float[5], 3, 2, TAU, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sim has 5 values, expected 2x2");
  }
}
