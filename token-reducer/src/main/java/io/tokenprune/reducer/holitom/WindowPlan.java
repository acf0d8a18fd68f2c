package io.tokenprune.reducer.holitom;

import java.util.List;

/**
 * What {@link HoliTom#plan} decided for one window: its segments and the budget r'.
 *
 * @param segments consecutive, covering frames 0..frameCount-1, window-relative
 * @param rPrime the retain ratio for every segment of this window, in (0, 1]
 * @param dpTotal tokens that static merging removes from the window
 * @param frameCount T
 * @param n patches per frame
 * @param d token dimension
 * @param params the parameters the plan used; {@link HoliTom#compress(WindowPlan, List, List,
 *     Segment)} uses the same ones
 * @param similarity {@code [T-1, N]} consecutive-frame cosines, kept so that compressing does not
 *     recompute them; read-only by contract
 */
public record WindowPlan(
    List<Segment> segments,
    double rPrime,
    long dpTotal,
    int frameCount,
    int n,
    int d,
    HoliTomParams params,
    float[] similarity) {
  public WindowPlan {
    segments = List.copyOf(segments);
  }

  /** The segment that may still continue into the next window. */
  public Segment lastSegment() {
    return segments.get(segments.size() - 1);
  }
}
