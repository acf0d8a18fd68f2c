package io.tokenprune.reducer.quality;

import io.tokenprune.reducer.holitom.HoliTomParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs HoliTom over a clip as the streaming reducer would, then each baseline at HoliTom's realised
 * token count (HoliTom's rounding per segment and frame only approximates budget * T * N, so
 * matching its actual count keeps the comparison fair), and measures {@link Coverage} for all of
 * them. The entry point of {@code tokenprune bench video}.
 */
public final class CoverageComparison {
  public static final int DEFAULT_WINDOW_FRAMES = 32;
  public static final long DEFAULT_SEED = 42;

  private CoverageComparison() {}

  /**
   * {@link #compare(List, List, int, int, double, HoliTomParams, int, long)} with 32-frame windows
   * and seed 42.
   */
  public static CoverageReport compare(
      List<float[]> frames, List<float[]> saliency, int n, int d, double budget, HoliTomParams p) {
    return compare(frames, saliency, n, d, budget, p, DEFAULT_WINDOW_FRAMES, DEFAULT_SEED);
  }

  /**
   * @param frames T >= 1 frames, each {@code [N, D]}
   * @param saliency one {@code [N]} per frame
   * @param budget the retain fraction in (0, 1]; HoliTom runs with it as its retainRatio, the rest
   *     of {@code p} unchanged
   * @param windowFrames new frames per streaming window
   * @param seed for the random-drop baseline
   */
  public static CoverageReport compare(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      double budget,
      HoliTomParams p,
      int windowFrames,
      long seed) {
    HoliTomParams params = p.withRetainRatio(budget);
    int t = frames.size();
    int original = t * n;
    List<StreamingHoliTom.EmittedSegment> segments =
        StreamingHoliTom.run(frames, saliency, n, d, params, windowFrames);
    int holitomTokens = 0;
    for (StreamingHoliTom.EmittedSegment s : segments) {
      holitomTokens += s.segment().tokenCount();
    }
    float[] holitom = new float[holitomTokens * d];
    int o = 0;
    for (StreamingHoliTom.EmittedSegment s : segments) {
      float[] tokens = s.segment().tokens();
      System.arraycopy(tokens, 0, holitom, o, tokens.length);
      o += tokens.length;
    }
    int m = Math.max(1, Math.min(holitomTokens, original));
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
