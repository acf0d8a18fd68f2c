package io.tokenprune.gateway.video;

import io.tokenprune.schemas.CompactSegment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway's bounded memory of tp.video.compact: per stream, its recent segments, held as the
 * reducer sent them (F16 bytes) and decoded only when a question needs them. Bounded by tokens per
 * stream, by age and by the number of streams ({@link MemoryLimits}). One writer (the segment feed)
 * and many readers (HTTP requests); every method takes the one lock, and none holds it long:
 * decoding happens outside it.
 */
public final class StreamMemory {
  /**
   * What a stream holds now.
   *
   * @param policyVersion the newest segment's
   */
  public record StreamInfo(
      String streamId,
      int segments,
      long tokens,
      long originalTokens,
      long firstSeq,
      long lastSeq,
      long startPtsMicros,
      long endPtsMicros,
      long lastSegmentIndex,
      int dim,
      long policyVersion) {}

  private final MemoryLimits limits;
  private final LongSupplier clock;
  private final Map<String, StreamTimeline> streams = new LinkedHashMap<>();
  private final AtomicLong evictedByTokens = new AtomicLong();
  private final AtomicLong evictedByAge = new AtomicLong();
  private final AtomicLong evictedStreams = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  /**
   * @param clock wall-clock milliseconds (System::currentTimeMillis, or a test's)
   */
  public StreamMemory(MemoryLimits limits, LongSupplier clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Holds a segment.
   *
   * @param timestampMillis its record's timestamp
   * @return false for a segment index the stream already had (a replayed record)
   */
  public synchronized boolean add(CompactSegment s, long timestampMillis) {
    long now = clock.getAsLong();
    String id = s.getStreamId();
    StreamTimeline t = streams.remove(id); // re-inserted last: the map is in update order
    if (t == null) {
      t = new StreamTimeline();
    }
    boolean added = t.add(new HeldSegment(s, timestampMillis));
    if (!added) {
      duplicates.incrementAndGet();
    }
    evictedByTokens.addAndGet(t.trimTokens(limits.maxTokensPerStream()));
    streams.put(id, t);
    expire(now);
    notifyAll();
    while (streams.size() > limits.maxStreams()) {
      Iterator<StreamTimeline> oldest = streams.values().iterator();
      oldest.next();
      oldest.remove();
      evictedStreams.incrementAndGet();
    }
    return added;
  }

  /**
   * Waits until the memory holds a segment of the stream that reaches frame {@code lastSeq}: for a
   * demo or a test that has just ingested frames and wants to ask about them.
   *
   * @return false if the time ran out first
   */
  public synchronized boolean awaitFrame(String streamId, long lastSeq, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      StreamTimeline t = streams.get(streamId);
      List<HeldSegment> held = t == null ? List.of() : t.snapshot();
      if (!held.isEmpty() && held.get(held.size() - 1).segment().getLastSeq() >= lastSeq) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Every stream held, in the order they were last updated (oldest first). */
  public synchronized List<StreamInfo> streams() {
    expire(clock.getAsLong());
    List<StreamInfo> out = new ArrayList<>();
    for (Map.Entry<String, StreamTimeline> e : streams.entrySet()) {
      out.add(info(e.getKey(), e.getValue().snapshot()));
    }
    return out;
  }

  /** A stream's held segments, oldest first; empty if the stream is unknown or expired. */
  public synchronized Optional<List<HeldSegment>> segments(String streamId) {
    expire(clock.getAsLong());
    StreamTimeline t = streams.get(streamId);
    return t == null ? Optional.empty() : Optional.of(t.snapshot());
  }

  /**
   * The compact tokens of a stream's recent segments, decoded and concatenated in order.
   *
   * @param lastSeconds keep segments that end within this many seconds (stream time, PTS) of the
   *     newest segment's end; empty for all held. Only the newest run of segments with the newest
   *     segment's token dim is used.
   * @return empty if the stream is unknown or expired
   */
  public Optional<VisualSpan> window(String streamId, OptionalDouble lastSeconds) {
    Optional<List<HeldSegment>> held = segments(streamId);
    if (held.isEmpty() || held.get().isEmpty()) {
      return Optional.empty();
    }
    List<HeldSegment> all = held.get();
    CompactSegment newest = all.get(all.size() - 1).segment();
    long from =
        lastSeconds.isPresent()
            ? newest.getEndPtsMicros() - (long) (lastSeconds.getAsDouble() * 1e6)
            : Long.MIN_VALUE;
    List<CompactSegment> used = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      CompactSegment s = all.get(i).segment();
      if (s.getEndPtsMicros() < from || s.getDim() != newest.getDim()) {
        break;
      }
      used.add(0, s);
    }
    return Optional.of(VisualSpan.of(streamId, used));
  }

  private static StreamInfo info(String id, List<HeldSegment> held) {
    CompactSegment first = held.get(0).segment();
    CompactSegment last = held.get(held.size() - 1).segment();
    long tokens = 0;
    long original = 0;
    for (HeldSegment h : held) {
      tokens += h.segment().getTokenCount();
      original += h.segment().getOriginalTokenCount();
    }
    return new StreamInfo(
        id,
        held.size(),
        tokens,
        original,
        first.getFirstSeq(),
        last.getLastSeq(),
        first.getStartPtsMicros(),
        last.getEndPtsMicros(),
        last.getSegmentIndex(),
        last.getDim(),
        last.getPolicyVersion());
  }

  private void expire(long now) {
    long cutoff = now - limits.maxAge().toMillis();
    Iterator<StreamTimeline> it = streams.values().iterator();
    while (it.hasNext()) {
      StreamTimeline t = it.next();
      evictedByAge.addAndGet(t.expire(cutoff));
      if (t.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Streams held. */
  public synchronized int streamCount() {
    return streams.size();
  }

  /** Segments held over all streams. */
  public synchronized long segmentCount() {
    return streams.values().stream().mapToLong(StreamTimeline::size).sum();
  }

  /** Compact tokens held over all streams. */
  public synchronized long tokenCount() {
    return streams.values().stream().mapToLong(StreamTimeline::tokens).sum();
  }

  public long evictedByTokens() {
    return evictedByTokens.get();
  }

  public long evictedByAge() {
    return evictedByAge.get();
  }

  public long evictedStreams() {
    return evictedStreams.get();
  }

  public long duplicates() {
    return duplicates.get();
  }
}
