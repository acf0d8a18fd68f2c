package io.tokenprune.reducer.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.window.OfflineReduction;
import org.junit.jupiter.api.Test;

class CoverageComparisonTest {
  /**
   * HoliTom through the streaming code path, 32-frame windows, as tokenprune bench video runs it.
   */
  private static CoverageReport compare(Clips clip, int n, int d, double budget) {
    float[] holitom =
        OfflineReduction.reduce(
                clip.frames,
                clip.saliency,
                n,
                d,
                HoliTomParams.defaults().withRetainRatio(budget),
                32)
            .tokens();
    return CoverageComparison.compare(
        clip.frames, clip.saliency, n, d, budget, holitom, CoverageComparison.DEFAULT_SEED);
  }

  @Test
  void everyBaselineKeepsHoliTomsRealisedCount() {
    Clips clip = new Clips(4, 70, 25, 16, 4, 30);
    CoverageReport report = compare(clip, 25, 16, 0.1);
    assertThat(report.frames()).isEqualTo(70);
    assertThat(report.originalTokens()).isEqualTo(70 * 25);
    assertThat(report.targetTokens()).isEqualTo(175);
    assertThat(report.holitomTokens()).isPositive();
    assertThat(report.rows())
        .extracting(CoverageReport.Row::method)
        .containsExactly(ReductionMethod.values());
    for (CoverageReport.Row row : report.rows()) {
      assertThat(row.keptTokens()).as(row.method().label()).isEqualTo(report.holitomTokens());
      assertThat(row.meanCoverage()).isBetween(-1.0, 1.0).isGreaterThanOrEqualTo(row.p5Coverage());
    }
  }

  @Test
  void onAStillSceneHoliTomKeepsOneTokenPerPositionAndCoversAlmostFully() {
    // 64 frames of one still scene (noise only), maxWindow 32: two segments, every position
    // static, r' capped at 1, so each segment keeps its 36 positions merged over time: 72 tokens,
    // fewer than the 230 the budget allows. Random drop at 72 tokens misses whole positions.
    Clips clip = new Clips(5, 64, 36, 24, 0, 64);
    CoverageReport report = compare(clip, 36, 24, 0.1);
    assertThat(report.targetTokens()).isEqualTo(230);
    assertThat(report.holitomTokens()).isEqualTo(72);
    CoverageReport.Row holitom = report.rows().get(0);
    assertThat(holitom.meanCoverage()).isGreaterThan(0.99);
    assertThat(holitom.p5Coverage()).isGreaterThan(0.99);
    CoverageReport.Row random = report.rows().get(2);
    assertThat(random.method()).isEqualTo(ReductionMethod.RANDOM_DROP);
    assertThat(random.p5Coverage()).isLessThan(holitom.p5Coverage());
  }

  @Test
  void rejectsAHoliTomSetThatIsNotWholeTokens() {
    Clips clip = new Clips(6, 4, 9, 8, 1, 100);
    assertThatThrownBy(
            () ->
                CoverageComparison.compare(clip.frames, clip.saliency, 9, 8, 0.1, new float[12], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holitom must hold 1..36 tokens of 8 dims, got 12 values");
  }
}
