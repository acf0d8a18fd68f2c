package io.tokenprune.reducer.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares what HoliTom kept from a clip with each baseline at HoliTom's realised token count
 * (HoliTom's rounding per segment and frame only approximates budget * T * N, so matching its
 * actual count keeps the comparison fair), measuring {@link Coverage} for all of them. HoliTom's
 * tokens come from the caller, who runs the clip through the streaming code path ({@code
 * io.tokenprune.reducer.window.OfflineReduction}): this package holds no windowing of its own, and
 * stays free of the infrastructure that path brings. The core of {@code tokenprune bench video}.
 */
public final class CoverageComparison {
  public static final long DEFAULT_SEED = 42;

  private CoverageComparison() {}

  /**
   * @param frames T >= 1 frames, each {@code [N, D]}: the originals every method is scored against
   *     (the frames HoliTom saw, e.g. rounded to F16 as the reducer buffers them)
   * @param saliency one {@code [N]} per frame, for the saliency baseline
   * @param budget the retain fraction HoliTom ran with, in (0, 1]; the report's target is
   *     round(budget * T * N)
   * @param holitom {@code [M, D]}, M >= 1: the tokens HoliTom kept from these frames
   * @param seed for the random-drop baseline
   */
  public static CoverageReport compare(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      double budget,
      float[] holitom,
      long seed) {
    if (!(budget > 0 && budget <= 1)) {
      throw new IllegalArgumentException("budget must be in (0,1], got " + budget);
    }
    if (saliency.size() != frames.size()) {
      throw new IllegalArgumentException(
          "saliency has " + saliency.size() + " frames, expected " + frames.size());
    }
    int t = frames.size();
    int original = t * n;
    int holitomTokens = holitom.length / d;
    if (holitomTokens < 1 || holitomTokens * d != holitom.length || holitomTokens > original) {
      throw new IllegalArgumentException(
          "holitom must hold 1.."
              + original
              + " tokens of "
              + d
              + " dims, got "
              + holitom.length
              + " values");
    }
    int m = holitomTokens;
    List<CoverageReport.Row> rows = new ArrayList<>();
    rows.add(row(ReductionMethod.HOLITOM, holitom, frames, n, d));
    rows.add(
        row(
            ReductionMethod.UNIFORM_FRAMES,
            UniformFrameSampling.select(frames, n, d, m),
            frames,
            n,
            d));
    rows.add(
        row(
            ReductionMethod.RANDOM_DROP,
            RandomTokenDrop.select(frames, n, d, m, seed),
            frames,
            n,
            d));
    rows.add(
        row(
            ReductionMethod.SALIENCY_TOPK,
            FrameSaliencyTopK.select(frames, saliency, n, d, m),
            frames,
            n,
            d));
    rows.add(
        row(ReductionMethod.TOME_BIPARTITE, BipartiteMerge.select(frames, n, d, m), frames, n, d));
    return new CoverageReport(
        t, original, budget, Math.round(budget * original), holitomTokens, rows);
  }

  private static CoverageReport.Row row(
      ReductionMethod method, float[] kept, List<float[]> frames, int n, int d) {
    Coverage.Stats stats = Coverage.measure(frames, n, d, kept);
    return new CoverageReport.Row(method, kept.length / d, stats.mean(), stats.p5());
  }
}
