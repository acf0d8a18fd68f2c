package io.tokenprune.reducer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.reducer.holitom.HoliTomParams;
import org.junit.jupiter.api.Test;

class CoverageComparisonTest {
  @Test
  void everyBaselineKeepsHoliTomsRealisedCount() {
    Clips clip = new Clips(4, 70, 25, 16, 4, 30);
    CoverageReport report =
        CoverageComparison.compare(
            clip.frames, clip.saliency, 25, 16, 0.1, HoliTomParams.defaults());
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
    CoverageReport report =
        CoverageComparison.compare(
            clip.frames, clip.saliency, 36, 24, 0.1, HoliTomParams.defaults());
    assertThat(report.targetTokens()).isEqualTo(230);
    assertThat(report.holitomTokens()).isEqualTo(72);
    CoverageReport.Row holitom = report.rows().get(0);
    assertThat(holitom.meanCoverage()).isGreaterThan(0.99);
    assertThat(holitom.p5Coverage()).isGreaterThan(0.99);
    CoverageReport.Row random = report.rows().get(2);
    assertThat(random.method()).isEqualTo(ReductionMethod.RANDOM_DROP);
    assertThat(random.p5Coverage()).isLessThan(holitom.p5Coverage());
  }
}
