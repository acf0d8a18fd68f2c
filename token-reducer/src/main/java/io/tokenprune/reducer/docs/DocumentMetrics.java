package io.tokenprune.reducer.docs;

import io.tokenprune.reducer.docs.select.CacheStats;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The document path's metrics in Kafka Streams' registry (group {@value #GROUP}, tagged with the
 * task), so they appear in JMX and {@code KafkaStreams#metrics()}: answers and errors, selection
 * time, prefix-cache hits and misses per task, and the instance-wide cache's evictions, entries and
 * bytes (the same values from every task: the cache is shared).
 */
final class DocumentMetrics {
  static final String GROUP = "tokenprune-reducer-docs";

  private final StreamsMetrics registry;
  private final Map<String, String> tags;
  private final Sensor answers;
  private final Sensor errors;
  private final Sensor hits;
  private final Sensor misses;
  private final Sensor selectMillis;
  private final Sensor evictions;
  private final Sensor entries;
  private final Sensor bytes;
  private final Sensor deadLetters;

  DocumentMetrics(StreamsMetrics registry, String taskId) {
    this.registry = registry;
    this.tags = Map.of("task-id", taskId);
    String p = "tokenprune.docs." + taskId + ".";
    answers =
        sensor(p + "answers", "contexts-total", "compact contexts answered", new CumulativeCount());
    errors =
        sensor(
            p + "errors", "errors-total", "requests answered with an error", new CumulativeCount());
    hits =
        sensor(
            p + "hits",
            "cache-hits-total",
            "questions served from the prefix cache",
            new CumulativeCount());
    misses =
        sensor(
            p + "misses",
            "cache-misses-total",
            "questions that recomputed the prefix",
            new CumulativeCount());
    evictions =
        sensor(
            p + "evictions",
            "cache-evictions-total",
            "prefix cache evictions (instance)",
            new Value());
    entries =
        sensor(
            p + "entries",
            "cache-entries",
            "documents in the prefix cache (instance)",
            new Value());
    bytes =
        sensor(
            p + "bytes", "cache-bytes", "bytes held by the prefix cache (instance)", new Value());
    deadLetters =
        sensor(p + "dlq", "dead-letters-total", "records sent to the DLQ", new CumulativeCount());
    selectMillis = registry.addSensor(p + "select", Sensor.RecordingLevel.INFO);
    selectMillis.add(name("select-avg-ms", "selection time"), new Avg());
    selectMillis.add(name("select-max-ms", "selection time"), new Max());
  }

  void answered(boolean cacheHit, double millis, CacheStats cache) {
    answers.record();
    (cacheHit ? hits : misses).record();
    selectMillis.record(millis);
    cache(cache);
  }

  void cache(CacheStats cache) {
    evictions.record(cache.evictions());
    entries.record(cache.entries());
    bytes.record(cache.bytes());
  }

  void error() {
    errors.record();
  }

  void deadLettered() {
    deadLetters.record();
  }

  private Sensor sensor(String sensorName, String metric, String description, MeasurableStat stat) {
    Sensor s = registry.addSensor(sensorName, Sensor.RecordingLevel.INFO);
    s.add(name(metric, description), stat);
    return s;
  }

  private MetricName name(String metric, String description) {
    return new MetricName(metric, GROUP, description, tags);
  }
}
