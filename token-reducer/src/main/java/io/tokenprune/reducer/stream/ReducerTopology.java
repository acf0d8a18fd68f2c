package io.tokenprune.reducer.stream;

import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.reducer.docs.DocumentTopology;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The reducer's topology.
 *
 * <pre>
 * tp.video.frames (raw bytes) -> reduce (HoliTom window buffer, or pass-through) -> tp.video.compact
 *                                                                          \-> tp.dlq (rejects)
 * tp.policies (JSON)          -> validate-policies ----------------------------> tp.dlq (invalid)
 * tp.docs, tp.qa.requests     -> DocumentTopology (when config.documents() is set) -> tp.context.compact
 * </pre>
 *
 * Frames are read as raw bytes so a corrupt record reaches the DLQ instead of killing the stream
 * thread. The policies themselves reach the processors through {@code policies}, a live view kept
 * by its own consumer, so a change applies from the next window without a restart.
 */
public final class ReducerTopology {
  static final String FRAMES_SOURCE = "frames-source";
  static final String POLICIES_SOURCE = "policies-source";
  static final String REDUCE = "reduce";
  static final String VALIDATE_POLICIES = "validate-policies";
  static final String COMPACT_SINK = "compact-sink";
  static final String DLQ_SINK = "dlq-sink";

  private ReducerTopology() {}

  /**
   * @param policies resolves a stream id to the policy in force (e.g. {@code PolicyView::resolve})
   */
  public static Topology build(ReducerConfig config, Function<String, EffectivePolicy> policies) {
    FrameTokens frames =
        new FrameTokens(
            new PatchEncoder(config.encoderGrid(), config.encoderDim(), config.encoderSeed()));
    Topology t = new Topology();
    t.addSource(
        FRAMES_SOURCE,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        config.topics().videoFrames());
    if (config.mode() == ReducerConfig.Mode.PASS_THROUGH) {
      t.addProcessor(
          REDUCE, () -> new PerFrameProcessor(frames, config.tokenDtype()), FRAMES_SOURCE);
    } else {
      t.addProcessor(
          REDUCE,
          () -> new WindowProcessor(frames, config.tokenDtype(), policies, config.idleCheck()),
          FRAMES_SOURCE);
      t.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(WindowProcessor.FRAMES_STORE),
                  Serdes.Bytes(),
                  Serdes.ByteArray())
              // one buffered frame at D=1152 is ~0.45 MB; leave headroom over the 1 MB default
              .withLoggingEnabled(Map.of("max.message.bytes", String.valueOf(8 * 1024 * 1024))),
          REDUCE);
      t.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(WindowProcessor.STATE_STORE),
              Serdes.String(),
              Serdes.ByteArray()),
          REDUCE);
    }
    t.addSource(
        POLICIES_SOURCE,
        new StringDeserializer(),
        new StringDeserializer(),
        config.topics().policies());
    t.addProcessor(VALIDATE_POLICIES, PolicyValidator::new, POLICIES_SOURCE);
    t.addSink(
        COMPACT_SINK,
        config.topics().videoCompact(),
        new StringSerializer(),
        narrow(RecordSerdes.compactSegment()),
        REDUCE);
    t.addSink(
        DLQ_SINK,
        config.topics().dlq(),
        new StringSerializer(),
        narrow(RecordSerdes.deadLetter()),
        REDUCE,
        VALIDATE_POLICIES);
    // document path (GemFilter, package io.tokenprune.reducer.docs): only when a model is
    // configured
    if (config.documents() != null) {
      DocumentTopology.addTo(t, config.topics(), policies, config.documents());
    }
    return t;
  }

  /** Kafka Streams settings: exactly-once, and state under {@code config.stateDir()}. */
  public static Properties streamsConfig(ReducerConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put("processing.exception.handler.global.enabled", true);
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1); // the broker's default
    p.put(StreamsConfig.producerPrefix("max.request.size"), 16 * 1024 * 1024);
    p.put(StreamsConfig.producerPrefix("compression.type"), "zstd");
    // a window of 64 buffered frames is a few MB; keep the record cache from holding it twice
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.putAll(config.streamsOverrides());
    return p;
  }

  /** The sinks take SpecificRecord values; each sink only ever receives its own type. */
  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> narrow(Serializer<T> s) {
    return (Serializer<Object>) s;
  }
}
