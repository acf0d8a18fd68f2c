package io.tokenprune.reducer.holitom;

import java.util.List;

/**
 * The result of the segmentation DP.
 *
 * @param segments consecutive segments covering frames 0..T-1, in order
 * @param total dp[T-1]: the tokens that merging each segment's static positions removes, the sum
 *     over segments of (length - 1) * (static positions)
 */
public record Segmentation(List<Segment> segments, long total) {
  public Segmentation {
    segments = List.copyOf(segments);
  }
}
