package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HoliTomTest {
  private static final HoliTomParams P = HoliTomParams.defaults();

  @Test
  void identicalFramesGiveOneSegmentOfStaticTokensAtTheBudget() {
    SplittableRandom rnd = new SplittableRandom(21);
    int t = 6, n = 20, d = 8;
    float[] frame = TestClips.gaussian(rnd, n * d);
    List<float[]> frames = Collections.nCopies(t, frame);
    WindowPlan plan = HoliTom.plan(frames, n, d, P);
    assertThat(plan.segments()).containsExactly(new Segment(0, 5));
    assertThat(plan.dpTotal()).isEqualTo(5L * n);
    // r' = 0.1 * 120 / (120 - 100) = 0.6, so round(20 * 0.6) = 12 static tokens.
    assertThat(plan.rPrime()).isCloseTo(0.6, within(1e-12));
    CompressedSegment out =
        HoliTom.compress(plan, frames, TestClips.coarseSaliency(rnd, t, n), plan.segments().get(0));
    assertThat(out.tokenCount()).isEqualTo((int) Math.round(n * plan.rPrime())).isEqualTo(12);
    assertThat(out.kinds()).containsOnly(CompressedSegment.STATIC);
    assertThat(out.frameOffsets()).containsOnly(0);
    assertThat(out.originalTokenCount()).isEqualTo(t * n);
    assertThat(out.patchIndices()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void independentRandomFramesGiveOnlySingleFrameSegments() {
    SplittableRandom rnd = new SplittableRandom(22);
    int t = 8, n = 30, d = 64;
    List<float[]> frames = TestClips.independent(rnd, t, n, d);
    List<float[]> saliency = TestClips.coarseSaliency(rnd, t, n);
    WindowPlan plan = HoliTom.plan(frames, n, d, P);
    assertThat(plan.segments()).hasSize(t).allMatch(s -> s.length() == 1);
    assertThat(plan.dpTotal()).isZero();
    assertThat(plan.rPrime()).isEqualTo(0.1);
    for (Segment s : plan.segments()) {
      CompressedSegment out = HoliTom.compress(plan, frames, saliency, s);
      // ceil(30 * 0.1) = 3 tokens, the frame's three most salient, lower index on ties.
      double[] score = new double[n];
      for (int p = 0; p < n; p++) {
        score[p] = saliency.get(s.start())[p];
      }
      assertThat(out.patchIndices()).isEqualTo(TopK.select(score, 3));
      assertThat(out.kinds()).containsOnly(CompressedSegment.DYNAMIC);
      for (int i = 0; i < 3; i++) {
        int p = out.patchIndices()[i];
        assertThat(java.util.Arrays.copyOfRange(out.tokens(), i * d, (i + 1) * d))
            .isEqualTo(java.util.Arrays.copyOfRange(frames.get(s.start()), p * d, (p + 1) * d));
      }
    }
  }

  @Test
  void noSegmentCrossesAHardSceneCut() {
    SplittableRandom rnd = new SplittableRandom(23);
    int n = 16, d = 32;
    List<float[]> frames = new ArrayList<>(TestClips.structured(rnd, 5, n, d, 0, 0));
    frames.addAll(TestClips.structured(rnd, 6, n, d, 0, 0)); // a new scene from frame 5
    WindowPlan plan = HoliTom.plan(frames, n, d, P);
    assertThat(plan.segments()).noneMatch(s -> s.start() <= 4 && s.end() >= 5);
    assertThat(plan.segments()).containsExactly(new Segment(0, 4), new Segment(5, 10));
  }

  @Test
  void outputOrderIsStaticByPositionThenEachFramesDynamicByPosition() {
    // N=4, D=2, two frames: positions 0 and 1 unchanged, 2 and 3 turn by 90 degrees.
    float[] f0 = {1, 0, 0, 1, 1, 0, 0, 1};
    float[] f1 = {1, 0, 0, 1, 0, 1, -1, 0};
    List<float[]> frames = List.of(f0, f1);
    List<float[]> saliency = List.of(new float[] {0, 0, 1, 2}, new float[] {0, 0, 2, 1});
    HoliTomParams p = new HoliTomParams(0.5, 0.8, 0.6, 7, 32);
    WindowPlan plan = HoliTom.plan(frames, 4, 2, p);
    // One segment saves 2 tokens: r' = 0.5 / (6/8) = 2/3; round(2 * 2/3) = 1 static token,
    // ceil(2 * 2/3) = 2 dynamic per frame.
    assertThat(plan.segments()).containsExactly(new Segment(0, 1));
    CompressedSegment out = HoliTom.compress(plan, frames, saliency, new Segment(0, 1));
    assertThat(out.kinds()).containsExactly(0, 1, 1, 1, 1);
    assertThat(out.frameOffsets()).containsExactly(0, 0, 0, 1, 1);
    assertThat(out.patchIndices()).containsExactly(0, 2, 3, 2, 3);
    // Static centre: position 0 (equal density and score, lower index); its member is
    // position 1: 0.6 * (1,0) + 0.4 * (0,1).
    assertThat(out.tokens()).containsExactly(0.6f, 0.4f, 1, 0, 0, 1, 0, 1, -1, 0);
  }

  static List<Kernels> kernels() {
    return Kernels.available();
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void matchesTheNaiveReductionOnRandomClips(Kernels kernels) {
    SplittableRandom rnd = new SplittableRandom(24);
    int segmentsWithStaticMerge = 0;
    int singleFrameSegments = 0;
    for (int trial = 0; trial < 120; trial++) {
      int t = 1 + rnd.nextInt(8);
      int n = 1 + rnd.nextInt(40);
      int d = 1 + rnd.nextInt(40);
      HoliTomParams p =
          new HoliTomParams(
              0.05 + 0.95 * rnd.nextDouble(),
              0.8,
              rnd.nextDouble(),
              1 + rnd.nextInt(7),
              1 + rnd.nextInt(9));
      List<float[]> frames = TestClips.structured(rnd, t, n, d, rnd.nextDouble() * 0.5, 0.15);
      List<float[]> saliency = TestClips.coarseSaliency(rnd, t, n);
      WindowPlan plan = HoliTom.plan(frames, n, d, p, kernels);
      NaiveReduction.Result naive = NaiveReduction.reduce(frames, saliency, n, d, p);
      String ctx = kernels + " trial " + trial;
      assertThat(plan.dpTotal()).as(ctx).isEqualTo(naive.dpTotal());
      assertThat(plan.rPrime()).as(ctx).isEqualTo(naive.rPrime());
      assertThat(plan.segments().size()).as(ctx).isEqualTo(naive.segments().size());
      for (int i = 0; i < plan.segments().size(); i++) {
        NaiveReduction.NaiveSegment expected = naive.segments().get(i);
        assertThat(plan.segments().get(i)).as(ctx).isEqualTo(expected.segment());
        CompressedSegment out =
            HoliTom.compress(plan, frames, saliency, plan.segments().get(i), kernels);
        segmentsWithStaticMerge += out.tokenCount() > 0 && out.kinds()[0] == 0 ? 1 : 0;
        singleFrameSegments += plan.segments().get(i).length() == 1 ? 1 : 0;
        assertThat(out.kinds()).as(ctx).isEqualTo(expected.kinds());
        assertThat(out.patchIndices()).as(ctx).isEqualTo(expected.patches());
        assertThat(out.frameOffsets()).as(ctx).isEqualTo(expected.frameOffsets());
        for (int k = 0; k < out.tokenCount(); k++) {
          for (int j = 0; j < d; j++) {
            assertThat((double) out.tokens()[k * d + j])
                .as(ctx)
                .isCloseTo(expected.tokens()[k][j], within(1e-5));
          }
        }
      }
    }
    // The random clips must exercise both paths, not only one.
    assertThat(segmentsWithStaticMerge).isGreaterThan(50);
    assertThat(singleFrameSegments).isGreaterThan(50);
  }

  @Test
  void compressingWithAnExplicitBudgetEqualsCompressingFromThePlan() {
    SplittableRandom rnd = new SplittableRandom(25);
    int t = 12, n = 25, d = 16;
    List<float[]> frames = TestClips.structured(rnd, t, n, d, 0.1, 0.1);
    List<float[]> saliency = TestClips.coarseSaliency(rnd, t, n);
    WindowPlan plan = HoliTom.plan(frames, n, d, P);
    assertThat(plan.segments().size()).isGreaterThan(1);
    for (Segment s : plan.segments()) {
      CompressedSegment a = HoliTom.compress(plan, frames, saliency, s);
      CompressedSegment b = HoliTom.compress(frames, saliency, n, d, s, plan.rPrime(), P);
      assertThat(b.tokens()).isEqualTo(a.tokens());
      assertThat(b.patchIndices()).isEqualTo(a.patchIndices());
      assertThat(b.frameOffsets()).isEqualTo(a.frameOffsets());
      assertThat(b.kinds()).isEqualTo(a.kinds());
    }
  }

  @Test
  void planningWithPrecomputedRowsEqualsPlanningFromFrames() {
    SplittableRandom rnd = new SplittableRandom(27);
    int t = 10, n = 12, d = 8;
    List<float[]> frames = TestClips.structured(rnd, t, n, d, 0.1, 0.1);
    float[] rows = new float[(t - 1) * n];
    for (int f = 0; f + 1 < t; f++) {
      System.arraycopy(
          Similarity.between(frames.get(f), frames.get(f + 1), n, d), 0, rows, f * n, n);
    }
    WindowPlan a = HoliTom.plan(frames, n, d, P);
    WindowPlan b = HoliTom.plan(frames, rows, n, d, P);
    assertThat(b.segments()).isEqualTo(a.segments());
    assertThat(b.rPrime()).isEqualTo(a.rPrime());
    assertThat(b.similarity()).isEqualTo(a.similarity());
    assertThatThrownBy(() -> HoliTom.plan(frames, new float[3], n, d, P))
        .hasMessage("similarity has 3 values, expected 9x12");
  }

  @Test
  void keepsAboutRetainRatioOfTheWindow() {
    SplittableRandom rnd = new SplittableRandom(26);
    int t = 32, n = 49, d = 16;
    List<float[]> frames = TestClips.structured(rnd, t, n, d, 0.05, 0.05);
    List<CompressedSegment> out =
        HoliTom.reduce(frames, TestClips.coarseSaliency(rnd, t, n), n, d, P);
    int kept = out.stream().mapToInt(CompressedSegment::tokenCount).sum();
    int original = out.stream().mapToInt(CompressedSegment::originalTokenCount).sum();
    assertThat(original).isEqualTo(t * n);
    // Rounding per segment and per frame moves the count a little off r * T * N = 156.8.
    assertThat(kept).isBetween(140, 190);
  }

  @Test
  void rejectsBadShapesAndNaNSaliency() {
    List<float[]> frames = List.of(new float[6], new float[6]);
    assertThatThrownBy(() -> HoliTom.plan(frames, 2, 4, P))
        .hasMessage("frame 0 has 6 values, expected 2x4");
    assertThatThrownBy(() -> HoliTom.plan(List.of(), 2, 3, P))
        .hasMessageContaining("at least one frame");
    WindowPlan plan = HoliTom.plan(frames, 2, 3, P);
    List<float[]> nanSaliency = List.of(new float[2], new float[] {0, Float.NaN});
    assertThatThrownBy(() -> HoliTom.compress(plan, frames, nanSaliency, new Segment(0, 1)))
        .hasMessage("saliency of frame 1 is NaN at 1");
    assertThatThrownBy(
            () -> HoliTom.compress(plan, frames, List.of(new float[2]), new Segment(0, 1)))
        .hasMessageContaining("saliency has 1 frames");
    assertThatThrownBy(() -> HoliTom.compress(frames, nanSaliency, 2, 3, new Segment(0, 0), 0, P))
        .hasMessage("rPrime must be in (0,1], got 0.0");
  }
}
