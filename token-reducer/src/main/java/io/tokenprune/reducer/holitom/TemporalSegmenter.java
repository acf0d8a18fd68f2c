package io.tokenprune.reducer.holitom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * HoliTom's temporal segmentation: the dynamic programme that cuts T frames into segments so as to
 * maximise the tokens saved by merging static positions.
 *
 * <pre>
 * cnt(s,e) = (e-s) * #{p : sim[f][p] > tau for all f in [s, e-1]}
 * dp[-1] = 0; dp[i] = max(dp[i-1], max over w in 2..min(i+1, maxWindow) of dp[i-w] + cnt(i-w+1, i))
 * </pre>
 *
 * Ties keep the shortest last segment (a single frame first), as the reference's strict {@code >}
 * does. cnt is never re-scanned: for the current end frame i, each candidate start s keeps a
 * running mask of the positions still static over pairs [s, i-1], and moving to i+1 ANDs one row
 * mask into it. Masks only shrink as s moves back, so the scan stops at the first empty one. Cost:
 * O(T * maxWindow * N/64) word operations, after one pass over sim to build the row masks.
 */
public final class TemporalSegmenter {
  private TemporalSegmenter() {}

  /**
   * @param sim {@code [T-1, N]} consecutive-frame cosines ({@link Similarity#consecutive})
   * @param frames T >= 1
   */
  public static Segmentation segment(float[] sim, int frames, int n, double tau, int maxWindow) {
    if (frames < 1 || n < 1 || maxWindow < 1) {
      throw new IllegalArgumentException(
          "need frames, n, maxWindow >= 1, got " + frames + ", " + n + ", " + maxWindow);
    }
    if (sim.length != (frames - 1) * n) {
      throw new IllegalArgumentException(
          "sim has " + sim.length + " values, expected " + (frames - 1) + "x" + n);
    }
    int words = StaticMask.words(n);
    long[] rowMasks = new long[Math.max(0, frames - 1) * words];
    for (int f = 0; f < frames - 1; f++) {
      StaticMask.ofRow(sim, f, n, tau, rowMasks, f * words);
    }
    // running[(s % maxWindow) * words ...]: positions static over pairs [s, i-1], for live starts
    // s.
    long[] running = new long[maxWindow * words];
    long[] dp = new long[frames];
    int[] prev = new int[frames];
    for (int i = 0; i < frames; i++) {
      long best = i > 0 ? dp[i - 1] : 0;
      int bestStart = i;
      int widest = Math.min(i + 1, maxWindow);
      for (int w = 2; w <= widest; w++) {
        int s = i - w + 1;
        int slot = (s % maxWindow) * words;
        int row = (i - 1) * words;
        if (s == i - 1) {
          System.arraycopy(rowMasks, row, running, slot, words);
        } else {
          for (int k = 0; k < words; k++) {
            running[slot + k] &= rowMasks[row + k];
          }
        }
        int staticCount = StaticMask.count(running, slot, words);
        if (staticCount == 0) {
          // Every earlier start is a subset: cnt is 0 and dp[j] <= dp[i-1] never wins. Their masks
          // are left stale, which is safe because every later scan stops here or sooner.
          break;
        }
        int j = i - w;
        long v = (j >= 0 ? dp[j] : 0) + (long) (i - s) * staticCount;
        if (v > best) {
          best = v;
          bestStart = s;
        }
      }
      dp[i] = best;
      prev[i] = bestStart;
    }
    List<Segment> segments = new ArrayList<>();
    for (int i = frames - 1; i >= 0; i = prev[i] - 1) {
      segments.add(new Segment(prev[i], i));
    }
    Collections.reverse(segments);
    return new Segmentation(segments, dp[frames - 1]);
  }
}
