package io.tokenprune.gateway.video;

import io.tokenprune.schemas.CompactSegment;

/**
 * A segment in the stream memory.
 *
 * @param timestampMillis the Kafka record's timestamp: what the age limit is measured from
 */
public record HeldSegment(CompactSegment segment, long timestampMillis) {
  public int tokens() {
    return segment.getTokenCount();
  }
}
