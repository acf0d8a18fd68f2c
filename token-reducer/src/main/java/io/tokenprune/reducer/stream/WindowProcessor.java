package io.tokenprune.reducer.stream;

import io.tokenprune.reducer.frame.BadFrameException;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.window.BufferedFrame;
import io.tokenprune.reducer.window.StreamState;
import io.tokenprune.reducer.window.WindowFlush;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.policy.EffectivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * HoliTom online: buffers each stream's encoded frames in a changelogged store and flushes a window
 * when {@code windowFrames} new frames are in, at end of stream, or after {@code idleFlushMs}
 * without a frame (a wall-clock punctuator). What a flush emits is decided by {@link WindowFlush};
 * the last, possibly unfinished segment stays in the buffer. Because the buffer and the stream
 * state live in stores with changelogs and the app runs exactly-once, a crash loses no frame and
 * duplicates no segment.
 *
 * <p>Frames out of order within the buffer are reordered by seq (the store is sorted). A frame at
 * or before the last emitted seq, a duplicate seq, a record whose key is not its streamId, or a
 * frame that will not decode goes to the DLQ with the reason.
 */
final class WindowProcessor implements Processor<String, byte[], String, SpecificRecord> {
  static final String FRAMES_STORE = "frame-buffer";
  static final String STATE_STORE = "stream-state";

  private final FrameTokens frames;
  private final TensorDtype dtype;
  private final Function<String, EffectivePolicy> policies;
  private final Duration idleCheck;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<Bytes, byte[]> buffer;
  private KeyValueStore<String, byte[]> states;
  private ReducerMetrics metrics;

  WindowProcessor(
      FrameTokens frames,
      TensorDtype dtype,
      Function<String, EffectivePolicy> policies,
      Duration idleCheck) {
    this.frames = frames;
    this.dtype = dtype;
    this.policies = policies;
    this.idleCheck = idleCheck;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.buffer = context.getStateStore(FRAMES_STORE);
    this.states = context.getStateStore(STATE_STORE);
    this.metrics = new ReducerMetrics(context.metrics());
    context.schedule(idleCheck, PunctuationType.WALL_CLOCK_TIME, this::flushIdle);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("?");
    VideoFrame frame;
    try {
      frame = frames.parse(topic, record.value());
      if (!frame.getStreamId().equals(record.key())) {
        throw new BadFrameException(
            "record key '"
                + record.key()
                + "' is not the frame's streamId '"
                + frame.getStreamId()
                + "': frames must be keyed by stream so one task owns each stream");
      }
    } catch (BadFrameException e) {
      deadLetter(record, record.key(), e.getMessage(), null);
      return;
    }
    String id = frame.getStreamId();
    long seq = frame.getSeq();
    StreamState state = state(id);
    if (seq <= state.lastEmittedSeq()) {
      deadLetter(
          record,
          id,
          "late frame: seq "
              + seq
              + " of stream "
              + id
              + " arrived after segments up to seq "
              + state.lastEmittedSeq()
              + " were emitted",
          id);
      return;
    }
    Bytes key = FrameKey.of(id, seq);
    if (buffer.get(key) != null) {
      deadLetter(
          record,
          id,
          "duplicate frame: seq " + seq + " of stream " + id + " is already buffered",
          id);
      return;
    }
    long now = context.currentSystemTimeMs();
    BufferedFrame buffered;
    try {
      buffered = frames.buffered(frame, now);
    } catch (BadFrameException e) {
      deadLetter(record, id, "frame " + seq + " of stream " + id + ": " + e.getMessage(), id);
      return;
    }
    if (!state.accepts(buffered.n(), buffered.d())) {
      deadLetter(
          record,
          id,
          "frame of stream "
              + id
              + " has "
              + buffered.n()
              + "x"
              + buffered.d()
              + " tokens but its window holds "
              + state.n()
              + "x"
              + state.d()
              + " tokens",
          id);
      return;
    }
    buffer.put(key, buffered.toBytes());
    state = state.withFrame(now, buffered.n(), buffered.d());
    EffectivePolicy policy = policies.apply(id);
    if (frame.getEndOfStream()) {
      flush(id, state, policy, true);
    } else if (state.newFrames() >= policy.windowFrames()) {
      flush(id, state, policy, false);
    } else {
      states.put(id, state.toBytes());
    }
  }

  /** Flushes every stream that has buffered frames and has been quiet for its idleFlushMs. */
  private void flushIdle(long wallMillis) {
    List<KeyValue<String, byte[]>> due = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = states.all()) {
      while (it.hasNext()) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, byte[]> kv : due) {
      StreamState s = StreamState.fromBytes(kv.value);
      EffectivePolicy policy = policies.apply(kv.key);
      if (s.buffered() > 0 && wallMillis - s.lastFrameWallMillis() >= policy.idleFlushMs()) {
        flush(kv.key, s, policy, true);
      }
    }
  }

  private void flush(String id, StreamState state, EffectivePolicy policy, boolean fin) {
    List<BufferedFrame> window = new ArrayList<>(state.buffered());
    try (KeyValueIterator<Bytes, byte[]> it = buffer.range(FrameKey.first(id), FrameKey.last(id))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        window.add(BufferedFrame.fromBytes(FrameKey.seqOf(kv.key), kv.value));
      }
    }
    WindowFlush.Result result = WindowFlush.flush(window, params(policy), fin);
    long index = state.nextSegmentIndex();
    long lastSeq = state.lastEmittedSeq();
    long tokensIn = 0;
    long tokensOut = 0;
    long oldestArrival = Long.MAX_VALUE;
    for (WindowFlush.Emitted e : result.emitted()) {
      CompactSegment seg = SegmentRecords.of(id, index++, e, dtype, policy.version());
      context.forward(
          new Record<String, SpecificRecord>(id, seg, context.currentSystemTimeMs()),
          ReducerTopology.COMPACT_SINK);
      for (BufferedFrame f : e.frames()) {
        buffer.delete(FrameKey.of(id, f.seq()));
        oldestArrival = Math.min(oldestArrival, f.arrivalMillis());
      }
      tokensIn += seg.getOriginalTokenCount();
      tokensOut += seg.getTokenCount();
      lastSeq = e.lastSeq();
    }
    StreamState next = state.afterFlush(result.emitted().size(), lastSeq, result.carried().size());
    states.put(id, next.toBytes());
    if (!result.emitted().isEmpty()) {
      metrics.flushed(id, tokensIn, tokensOut, context.currentSystemTimeMs() - oldestArrival);
    }
  }

  private StreamState state(String id) {
    byte[] b = states.get(id);
    return b == null ? StreamState.fresh() : StreamState.fromBytes(b);
  }

  /**
   * @param streamId the parsed stream, or null when the record did not parse (counted apart, so
   *     garbage keys cannot create metrics)
   */
  private void deadLetter(
      Record<String, byte[]> record, String key, String reason, String streamId) {
    context.forward(
        new Record<String, SpecificRecord>(
            key, DeadLetters.of(context, reason, record.value()), record.timestamp()),
        ReducerTopology.DLQ_SINK);
    metrics.deadLettered(streamId == null ? "_unparsed" : streamId);
  }

  static HoliTomParams params(EffectivePolicy p) {
    return new HoliTomParams(p.retainRatio(), p.tau(), p.beta(), p.knn(), p.maxWindow());
  }
}
