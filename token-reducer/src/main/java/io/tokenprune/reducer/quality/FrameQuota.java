package io.tokenprune.reducer.quality;

/** Splits a token budget over frames as evenly as possible. */
public final class FrameQuota {
  private FrameQuota() {}

  /**
   * Every frame gets {@code total / T} tokens; the remainder goes one each to frames spread evenly
   * over the clip (frame floor((i + 0.5) * T / remainder) for the i-th extra).
   *
   * @param total in [0, T*N]
   * @return {@code [T]} quotas, each in [0, N], summing to total
   */
  public static int[] split(int total, int frames, int n) {
    if (frames < 1 || total < 0 || total > (long) frames * n) {
      throw new IllegalArgumentException(
          "budget must be in [0, "
              + ((long) frames * n)
              + "] for "
              + frames
              + " frames of "
              + n
              + " tokens, got "
              + total);
    }
    int[] quota = new int[frames];
    java.util.Arrays.fill(quota, total / frames);
    int extra = total % frames;
    for (int i = 0; i < extra; i++) {
      quota[spread(i, extra, frames)]++;
    }
    return quota;
  }

  /**
   * The i-th of {@code count} indices spread evenly over [0, size): floor((i + 0.5) * size /
   * count).
   */
  static int spread(int i, int count, int size) {
    return (int) ((2L * i + 1) * size / (2L * count));
  }
}
