package io.tokenprune.reducer.quality;

import io.tokenprune.reducer.holitom.TopK;
import java.util.List;

/**
 * Baseline in the manner of VisionZip's dominant tokens: the budget is split evenly over frames
 * ({@link FrameQuota}) and each frame keeps its most salient tokens, lower index on ties.
 */
public final class FrameSaliencyTopK {
  private FrameSaliencyTopK() {}

  /**
   * @param saliency one {@code [N]} per frame
   * @param budget M, in [0, T*N]
   * @return {@code [M, D]}: frame by frame, each frame's kept tokens by patch
   */
  public static float[] select(
      List<float[]> frames, List<float[]> saliency, int n, int d, int budget) {
    int[] quota = FrameQuota.split(budget, frames.size(), n);
    float[] out = new float[budget * d];
    double[] score = new double[n];
    int o = 0;
    for (int f = 0; f < frames.size(); f++) {
      float[] a = saliency.get(f);
      for (int p = 0; p < n; p++) {
        score[p] = a[p];
      }
      for (int p : TopK.select(score, quota[f])) {
        System.arraycopy(frames.get(f), p * d, out, o, d);
        o += d;
      }
    }
    return out;
  }
}
