package io.tokenprune.reducer.quality;

import java.util.List;

/**
 * Baseline: keep whole frames, evenly spaced over the clip. A budget of M tokens keeps ceil(M/N)
 * frames (frame floor((i + 0.5) * T / count) for the i-th); when N does not divide M, the last of
 * them keeps only M mod N patches, evenly spaced the same way, so exactly M tokens are kept.
 */
public final class UniformFrameSampling {
  private UniformFrameSampling() {}

  /**
   * @param budget M, in [0, T*N]
   * @return {@code [M, D]} in frame, then patch order
   */
  public static float[] select(List<float[]> frames, int n, int d, int budget) {
    int t = frames.size();
    FrameQuota.split(budget, t, n); // validates the budget
    int count = (budget + n - 1) / n;
    int partial = budget % n;
    float[] out = new float[budget * d];
    int o = 0;
    for (int i = 0; i < count; i++) {
      float[] frame = frames.get(FrameQuota.spread(i, count, t));
      boolean last = i == count - 1;
      if (last && partial > 0) {
        for (int q = 0; q < partial; q++) {
          System.arraycopy(frame, FrameQuota.spread(q, partial, n) * d, out, o, d);
          o += d;
        }
      } else {
        System.arraycopy(frame, 0, out, o, n * d);
        o += n * d;
      }
    }
    return out;
  }
}
