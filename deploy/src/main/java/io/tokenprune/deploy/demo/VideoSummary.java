package io.tokenprune.deploy.demo;

import io.tokenprune.schemas.CompactSegment;
import java.util.List;

/** What the reducer made of one stream, as the demo prints it. */
public record VideoSummary(
    String streamId,
    long frames,
    long segments,
    long tokensIn,
    long tokensOut,
    long jpegBytes,
    long compactBytes,
    double ingestSeconds,
    double endToEndSeconds) {

  public static VideoSummary of(
      String streamId,
      long frames,
      long jpegBytes,
      List<CompactSegment> segs,
      double ingestSeconds,
      double endToEndSeconds) {
    long in = segs.stream().mapToLong(CompactSegment::getOriginalTokenCount).sum();
    long out = segs.stream().mapToLong(CompactSegment::getTokenCount).sum();
    long bytes =
        segs.stream()
            .mapToLong(
                s ->
                    s.getTokens().remaining()
                        + s.getPositions().remaining()
                        + s.getKinds().remaining())
            .sum();
    return new VideoSummary(
        streamId, frames, segs.size(), in, out, jpegBytes, bytes, ingestSeconds, endToEndSeconds);
  }

  public double retention() {
    return tokensIn == 0 ? 0 : (double) tokensOut / tokensIn;
  }
}
