package io.tokenprune.reducer.holitom;

import java.util.List;

/**
 * Splits a segment's positions into static ones (cosine above tau between every pair of consecutive
 * frames of the segment) and dynamic ones, and averages each static position over the segment's
 * frames.
 *
 * @param staticPositions ascending positions, static over the whole segment
 * @param dynamicPositions ascending, the rest
 * @param staticTokens {@code [staticPositions.length, D]}: position p's mean over the segment
 */
public record StaticDynamicSplit(
    int[] staticPositions, int[] dynamicPositions, float[] staticTokens) {

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
    return new StaticDynamicSplit(statics, dynamics, means(frames, s, e, statics, n, d));
  }

  /**
   * Means over frames [s, e] of the given positions.
   *
   * <p>Sums run over maximal runs of consecutive positions with the same index into the sum and the
   * frame, the form C2 vectorises; static positions usually come in long runs (background).
   *
   * @return {@code [positions.length, D]}
   */
  static float[] means(List<float[]> frames, int s, int e, int[] positions, int n, int d) {
    float[] out = new float[positions.length * d];
    if (positions.length == 0) {
      return out;
    }
    float[] sum = new float[n * d];
    for (int f = s; f <= e; f++) {
      float[] frame = frames.get(f);
      int i = 0;
      while (i < positions.length) {
        int runEnd = i + 1;
        while (runEnd < positions.length && positions[runEnd] == positions[runEnd - 1] + 1) {
          runEnd++;
        }
        add(sum, frame, positions[i] * d, (positions[runEnd - 1] + 1) * d);
        i = runEnd;
      }
    }
    float frameCount = e - s + 1;
    for (int q = 0; q < positions.length; q++) {
      int so = positions[q] * d;
      int oo = q * d;
      for (int t = 0; t < d; t++) {
        out[oo + t] = sum[so + t] / frameCount;
      }
    }
    return out;
  }

  private static void add(float[] sum, float[] frame, int from, int to) {
    for (int i = from; i < to; i++) {
      sum[i] += frame[i];
    }
  }
}
