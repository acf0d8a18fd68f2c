package io.tokenprune.reducer.quality;

import java.util.List;

/**
 * Baseline after ToMe (Bolya et al., 2023), applied to each frame on its own. One round of
 * bipartite soft matching splits the tokens alternately into A (even slots) and B (odd slots),
 * links every A token to its most cosine-similar B token, and merges the r best-linked A tokens
 * into their B partners (r <= |A|). Rounds repeat until the frame is down to its quota. A merged
 * token is the mean of all the originals it absorbed (ToMe's size-weighted average). Survivors keep
 * their original relative order between rounds (ToMe concatenates them instead; with per-round
 * re-splitting, keeping the spatial order keeps the alternation meaningful). Ties go to the lower
 * index.
 */
public final class BipartiteMerge {
  private BipartiteMerge() {}

  /**
   * @param budget M, in [0, T*N], split over frames by {@link FrameQuota}
   * @return {@code [M, D]}: frame by frame
   */
  public static float[] select(List<float[]> frames, int n, int d, int budget) {
    int[] quota = FrameQuota.split(budget, frames.size(), n);
    float[] out = new float[budget * d];
    int o = 0;
    for (int f = 0; f < frames.size(); f++) {
      float[] merged = reduceFrame(frames.get(f), n, d, quota[f]);
      System.arraycopy(merged, 0, out, o, merged.length);
      o += merged.length;
    }
    return out;
  }

  /**
   * Merges one frame's N tokens down to {@code keep}.
   *
   * @param frame {@code [N, D]}
   * @param keep in [0, N]; 0 keeps nothing
   * @return {@code [keep, D]}
   */
  public static float[] reduceFrame(float[] frame, int n, int d, int keep) {
    if (keep == 0) {
      return new float[0];
    }
    float[] tokens = frame.clone(); // [count, D], each the mean of its originals
    int[] size = new int[n];
    java.util.Arrays.fill(size, 1);
    int count = n;
    while (count > keep) {
      int aCount = (count + 1) / 2;
      int bCount = count / 2;
      int r = Math.min(count - keep, aCount);
      // Link each A (slot 2i) to its most similar B (slot 2j+1).
      double[] edge = new double[aCount];
      int[] partner = new int[aCount];
      for (int i = 0; i < aCount; i++) {
        int a = 2 * i;
        double bestCos = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < bCount; j++) {
          double c = cosine(tokens, a * d, (2 * j + 1) * d, d);
          if (c > bestCos) {
            bestCos = c;
            partner[i] = 2 * j + 1;
          }
        }
        edge[i] = bestCos;
      }
      int[] mergedA = io.tokenprune.reducer.holitom.TopK.select(edge, r);
      boolean[] gone = new boolean[count];
      for (int i : mergedA) {
        int a = 2 * i;
        int b = partner[i];
        int total = size[a] + size[b];
        for (int t = 0; t < d; t++) {
          tokens[b * d + t] =
              (float)
                  (((double) tokens[b * d + t] * size[b] + (double) tokens[a * d + t] * size[a])
                      / total);
        }
        size[b] = total;
        gone[a] = true;
      }
      int w = 0;
      for (int s = 0; s < count; s++) {
        if (!gone[s]) {
          System.arraycopy(tokens, s * d, tokens, w * d, d);
          size[w++] = size[s];
        }
      }
      count = w;
    }
    return java.util.Arrays.copyOf(tokens, keep * d);
  }

  private static double cosine(float[] x, int a, int b, int d) {
    double dot = 0, na = 0, nb = 0;
    for (int t = 0; t < d; t++) {
      dot += (double) x[a + t] * x[b + t];
      na += (double) x[a + t] * x[a + t];
      nb += (double) x[b + t] * x[b + t];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
