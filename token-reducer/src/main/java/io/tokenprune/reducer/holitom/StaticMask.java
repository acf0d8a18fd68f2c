package io.tokenprune.reducer.holitom;

/**
 * Bit sets over the N positions of a frame, packed 64 to a {@code long}: bit p is set when position
 * p is static, i.e. its consecutive-frame cosine stayed above tau.
 */
final class StaticMask {
  private StaticMask() {}

  /** Longs needed for N positions. */
  static int words(int n) {
    return (n + 63) >>> 6;
  }

  /**
   * Writes into {@code out[outOff, outOff + words(n))} the positions p with {@code sim[row][p] >
   * tau}.
   *
   * @param sim {@code [rows, N]}
   */
  static void ofRow(float[] sim, int row, int n, double tau, long[] out, int outOff) {
    int words = words(n);
    int base = row * n;
    for (int w = 0; w < words; w++) {
      long bits = 0;
      int end = Math.min(64, n - (w << 6));
      for (int b = 0; b < end; b++) {
        if (sim[base + (w << 6) + b] > tau) {
          bits |= 1L << b;
        }
      }
      out[outOff + w] = bits;
    }
  }

  /**
   * Positions static over every pair row in [fromRow, toRow): the AND of their row masks.
   *
   * @param sim {@code [rows, N]}
   * @return {@code [words(n)]}; all clear when the range is empty
   */
  static long[] overRows(float[] sim, int n, int fromRow, int toRow, double tau) {
    int words = words(n);
    long[] mask = new long[words];
    if (fromRow >= toRow) {
      return mask;
    }
    long[] row = new long[words];
    ofRow(sim, fromRow, n, tau, mask, 0);
    for (int r = fromRow + 1; r < toRow; r++) {
      ofRow(sim, r, n, tau, row, 0);
      for (int w = 0; w < words; w++) {
        mask[w] &= row[w];
      }
    }
    return mask;
  }

  static int count(long[] mask, int off, int words) {
    int c = 0;
    for (int w = 0; w < words; w++) {
      c += Long.bitCount(mask[off + w]);
    }
    return c;
  }

  static boolean contains(long[] mask, int p) {
    return (mask[p >>> 6] & (1L << (p & 63))) != 0;
  }

  /** The set positions, ascending, or the clear ones when {@code set} is false. */
  static int[] positions(long[] mask, int n, boolean set) {
    int setCount = count(mask, 0, mask.length);
    int[] out = new int[set ? setCount : n - setCount];
    int i = 0;
    for (int p = 0; p < n; p++) {
      if (contains(mask, p) == set) {
        out[i++] = p;
      }
    }
    return out;
  }
}
