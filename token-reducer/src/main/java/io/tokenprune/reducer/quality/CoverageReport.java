package io.tokenprune.reducer.quality;

import java.util.List;

/**
 * Coverage of one clip under HoliTom and the baselines.
 *
 * @param frames T
 * @param originalTokens T*N
 * @param budget the retain fraction asked for
 * @param targetTokens round(budget * T * N), what the budget asks for
 * @param holitomTokens what HoliTom actually kept; every baseline keeps exactly this many
 * @param rows one per method, HoliTom first
 */
public record CoverageReport(
    int frames,
    int originalTokens,
    double budget,
    long targetTokens,
    int holitomTokens,
    List<Row> rows) {
  public CoverageReport {
    rows = List.copyOf(rows);
  }

  /**
   * @param keptTokens tokens the method kept
   * @param meanCoverage mean over originals of the best cosine to a kept token
   * @param p5Coverage 5th percentile of the same
   */
  public record Row(
      ReductionMethod method, int keptTokens, double meanCoverage, double p5Coverage) {}
}
