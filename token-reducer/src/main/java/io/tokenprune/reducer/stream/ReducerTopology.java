package io.tokenprune.reducer.stream;

import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The reducer's topology: {@code tp.video.frames} (raw bytes, so a corrupt record reaches the DLQ
 * instead of killing the stream thread) -> decode, encode, reduce -> {@code tp.video.compact}, with
 * rejects on {@code tp.dlq}.
 */
public final class ReducerTopology {
  static final String FRAMES_SOURCE = "frames-source";
  static final String REDUCE = "reduce";
  static final String COMPACT_SINK = "compact-sink";
  static final String DLQ_SINK = "dlq-sink";

  private ReducerTopology() {}

  public static Topology build(ReducerConfig config) {
    FrameTokens frames =
        new FrameTokens(
            new PatchEncoder(config.encoderGrid(), config.encoderDim(), config.encoderSeed()));
    Topology t = new Topology();
    t.addSource(
        FRAMES_SOURCE,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        config.topics().videoFrames());
    t.addProcessor(REDUCE, () -> new PerFrameProcessor(frames, config.tokenDtype()), FRAMES_SOURCE);
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
        REDUCE);
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
    return p;
  }

  /** The sinks take SpecificRecord values; each sink only ever receives its own type. */
  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> narrow(Serializer<T> s) {
    return (Serializer<Object>) s;
  }
}
