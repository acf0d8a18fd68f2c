package io.tokenprune.reducer.holitom;

import java.util.List;

/**
 * Splits a segment's positions into static ones (cosine above tau between every pair of consecutive
 * frames of the segment) and dynamic ones, and averages each static position over the segment's
 * frames.
 *
 * @param staticPositions ascending positions, static over the whole segment
 * @param dynamicPositions ascending, the rest
 * @param means {@code [N, D]}: row p, for p in staticPositions, is position p's mean over the
 *     segment; the other rows hold unspecified values. Full-size, so that summing and scaling run
 *     with the same index into the frames and the sum (the form C2 vectorises) and nothing is
 *     gathered; readers index it by position.
 */
public record StaticDynamicSplit(int[] staticPositions, int[] dynamicPositions, float[] means) {

  /**
   * @param frames the window's frames, each {@code [N, D]}
   * @param segment frames [s, e] of the window, e > s
   * @param sim {@code [rows, N]} consecutive-frame cosines; row {@code simRowOfStart} is the pair
   *     (s, s+1)
   */
  public static StaticDynamicSplit of(
      List<float[]> frames,
      Segment segment,
      int n,
      int d,
      float[] sim,
      int simRowOfStart,
      double tau) {
    int s = segment.start();
    int e = segment.end();
    long[] mask = StaticMask.overRows(sim, n, simRowOfStart, simRowOfStart + (e - s), tau);
    int[] statics = StaticMask.positions(mask, n, true);
    int[] dynamics = StaticMask.positions(mask, n, false);
    return new StaticDynamicSplit(statics, dynamics, means(frames, s, e, statics, d));
  }

  /**
   * Means over frames [s, e] of the given positions, computed over maximal runs of consecutive
   * positions (static positions usually come in long runs: background).
   *
   * @return {@code [N, D]}; only the rows of {@code positions} are meaningful
   */
  static float[] means(List<float[]> frames, int s, int e, int[] positions, int d) {
    float[] sum = frames.get(s).clone();
    if (positions.length == 0) {
      return sum;
    }
    int[] runs = runs(positions); // [from, to) element offsets, pairs
    for (int f = s + 1; f <= e; f++) {
      float[] frame = frames.get(f);
      for (int r = 0; r < runs.length; r += 2) {
        add(sum, frame, runs[r] * d, runs[r + 1] * d);
      }
    }
    float frameCount = e - s + 1;
    for (int r = 0; r < runs.length; r += 2) {
      divide(sum, runs[r] * d, runs[r + 1] * d, frameCount);
    }
    return sum;
  }

  /** Maximal runs of consecutive positions as {from, toExclusive} pairs. */
  private static int[] runs(int[] positions) {
    int[] runs = new int[2 * positions.length];
    int count = 0;
    int i = 0;
    while (i < positions.length) {
      int end = i + 1;
      while (end < positions.length && positions[end] == positions[end - 1] + 1) {
        end++;
      }
      runs[count++] = positions[i];
      runs[count++] = positions[end - 1] + 1;
      i = end;
    }
    return java.util.Arrays.copyOf(runs, count);
  }

  private static void add(float[] sum, float[] frame, int from, int to) {
    for (int i = from; i < to; i++) {
      sum[i] += frame[i];
    }
  }

  private static void divide(float[] sum, int from, int to, float by) {
    for (int i = from; i < to; i++) {
      sum[i] = sum[i] / by;
    }
  }
}
