package io.tokenprune.reducer.stream;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The reducer's per-stream metrics, registered in Kafka Streams' own registry (group {@value
 * #GROUP}, tag {@code stream-id}), so they show up in JMX and {@code KafkaStreams#metrics()} beside
 * the built-in ones: tokens in and out, the retention ratio so far, windows flushed, window latency
 * (first frame buffered to segment emitted) and the DLQ count.
 */
final class ReducerMetrics {
  static final String GROUP = "tokenprune-reducer";

  private final StreamsMetrics registry;
  private final Map<String, Stream> streams = new HashMap<>();

  ReducerMetrics(StreamsMetrics registry) {
    this.registry = registry;
  }

  /** Records one flush of {@code streamId}. */
  void flushed(String streamId, long tokensIn, long tokensOut, long latencyMs) {
    Stream s = streams.computeIfAbsent(streamId, this::register);
    s.in += tokensIn;
    s.out += tokensOut;
    s.tokensIn.record(tokensIn);
    s.tokensOut.record(tokensOut);
    s.retention.record(s.in == 0 ? 0 : (double) s.out / s.in);
    s.latency.record(latencyMs);
  }

  void deadLettered(String streamId) {
    streams.computeIfAbsent(streamId, this::register).dlq.record(1);
  }

  private Stream register(String streamId) {
    Map<String, String> tags = Map.of("stream-id", streamId);
    String prefix = "tokenprune.reducer." + streamId + ".";
    Stream s = new Stream();
    s.tokensIn =
        sensor(
            prefix + "tokens-in",
            tags,
            "tokens-in-total",
            "visual tokens received",
            new CumulativeSum());
    s.tokensOut =
        sensor(
            prefix + "tokens-out",
            tags,
            "tokens-out-total",
            "visual tokens emitted",
            new CumulativeSum());
    s.retention =
        sensor(
            prefix + "retention",
            tags,
            "retention-ratio",
            "tokens out / tokens in so far",
            new Value());
    s.latency = registry.addSensor(prefix + "latency", Sensor.RecordingLevel.INFO);
    s.latency.add(
        name("window-latency-avg-ms", "first frame buffered to segments emitted", tags), new Avg());
    s.latency.add(
        name("window-latency-max-ms", "first frame buffered to segments emitted", tags), new Max());
    s.latency.add(
        name("windows-total", "window flushes", tags),
        new org.apache.kafka.common.metrics.stats.CumulativeCount());
    s.dlq =
        sensor(
            prefix + "dlq",
            tags,
            "dead-letters-total",
            "records sent to the DLQ",
            new CumulativeSum());
    return s;
  }

  private Sensor sensor(
      String sensorName,
      Map<String, String> tags,
      String metric,
      String description,
      org.apache.kafka.common.metrics.MeasurableStat stat) {
    Sensor sensor = registry.addSensor(sensorName, Sensor.RecordingLevel.INFO);
    sensor.add(name(metric, description, tags), stat);
    return sensor;
  }

  private static MetricName name(String metric, String description, Map<String, String> tags) {
    return new MetricName(metric, GROUP, description, tags);
  }

  private static final class Stream {
    long in;
    long out;
    Sensor tokensIn;
    Sensor tokensOut;
    Sensor retention;
    Sensor latency;
    Sensor dlq;
  }
}
