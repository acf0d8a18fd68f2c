package io.tokenprune.gateway.video;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One stream's held segments, oldest first, with their token total. Guarded by StreamMemory. */
final class StreamTimeline {
  private final ArrayDeque<HeldSegment> segments = new ArrayDeque<>();
  private long tokens;
  private long lastIndex = -1;

  /** Appends a segment; false (and nothing changes) for an index already seen. */
  boolean add(HeldSegment s) {
    long index = s.segment().getSegmentIndex();
    if (index <= lastIndex) {
      return false;
    }
    lastIndex = index;
    segments.addLast(s);
    tokens += s.tokens();
    return true;
  }

  /** Drops the oldest segments while above the bound, keeping the newest; returns how many. */
  int trimTokens(long maxTokens) {
    int dropped = 0;
    while (tokens > maxTokens && segments.size() > 1) {
      tokens -= segments.removeFirst().tokens();
      dropped++;
    }
    return dropped;
  }

  /** Drops segments whose record is older than the cutoff; returns how many. */
  int expire(long cutoffMillis) {
    int dropped = 0;
    while (!segments.isEmpty() && segments.peekFirst().timestampMillis() < cutoffMillis) {
      tokens -= segments.removeFirst().tokens();
      dropped++;
    }
    return dropped;
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  int size() {
    return segments.size();
  }

  long tokens() {
    return tokens;
  }

  List<HeldSegment> snapshot() {
    return new ArrayList<>(segments);
  }
}
