package io.tokenprune.reducer.quality;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Baseline: keep M of the clip's T*N tokens uniformly at random, without replacement, seeded. */
public final class RandomTokenDrop {
  private RandomTokenDrop() {}

  /**
   * @param budget M, in [0, T*N]
   * @return {@code [M, D]} in clip order (frame, then patch); the same seed gives the same tokens
   */
  public static float[] select(List<float[]> frames, int n, int d, int budget, long seed) {
    int t = frames.size();
    FrameQuota.split(budget, t, n);
    int[] index = new int[t * n];
    for (int i = 0; i < index.length; i++) {
      index[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < budget; i++) { // partial Fisher-Yates: index[0, budget) is the sample
      int j = i + rnd.nextInt(index.length - i);
      int swap = index[i];
      index[i] = index[j];
      index[j] = swap;
    }
    int[] chosen = Arrays.copyOf(index, budget);
    Arrays.sort(chosen);
    float[] out = new float[budget * d];
    for (int i = 0; i < budget; i++) {
      System.arraycopy(frames.get(chosen[i] / n), (chosen[i] % n) * d, out, i * d, d);
    }
    return out;
  }
}
