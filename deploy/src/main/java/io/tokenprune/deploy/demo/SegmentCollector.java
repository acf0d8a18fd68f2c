package io.tokenprune.deploy.demo;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code tp.video.compact} (committed records only: the reducer is exactly-once) until the
 * segments of every expected stream cover its frames {@code 0..lastSeq}.
 */
public final class SegmentCollector implements AutoCloseable {
  private final KafkaConsumer<String, CompactSegment> consumer;
  private final Map<String, List<CompactSegment>> byStream = new HashMap<>();

  public SegmentCollector(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "tokenprune-collector-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), RecordSerdes.compactSegment());
    consumer.subscribe(List.of(topic));
  }

  /**
   * Polls until each stream in {@code lastSeqByStream} has segments reaching its last seq.
   *
   * @return the segments per stream, in arrival order
   * @throws IllegalStateException when the timeout passes first
   */
  public Map<String, List<CompactSegment>> awaitStreams(
      Map<String, Long> lastSeqByStream, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!complete(lastSeqByStream)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + timeout + " waiting for segments; got " + progress());
      }
      for (ConsumerRecord<String, CompactSegment> r : consumer.poll(Duration.ofMillis(200))) {
        byStream.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      }
    }
    return Map.copyOf(byStream);
  }

  private boolean complete(Map<String, Long> lastSeqByStream) {
    for (Map.Entry<String, Long> e : lastSeqByStream.entrySet()) {
      long covered =
          byStream.getOrDefault(e.getKey(), List.of()).stream()
              .mapToLong(CompactSegment::getLastSeq)
              .max()
              .orElse(-1);
      if (covered < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private String progress() {
    StringBuilder sb = new StringBuilder();
    byStream.forEach((k, v) -> sb.append(k).append('=').append(v.size()).append(" segments "));
    return sb.isEmpty() ? "nothing" : sb.toString().trim();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
