package io.tokenprune.gateway.video;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.serde.AvroSerde;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds tp.video.compact into a {@link StreamMemory}: a daemon thread with its own consumer, every
 * partition assigned (no consumer group: every gateway holds every stream), committed records only
 * (the reducer writes exactly once), starting at the records of the last {@code lookback} (by
 * timestamp) so a restarted gateway has its recent memory back at once. A record it cannot decode
 * is logged and counted, and the feed goes on.
 */
public final class SegmentFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SegmentFeed.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> clientConfig;
  private final String topic;
  private final StreamMemory memory;
  private final Duration lookback;
  private final AvroSerde<CompactSegment> serde = RecordSerdes.compactSegment();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;

  public SegmentFeed(
      Map<String, ?> clientConfig, String topic, StreamMemory memory, Duration lookback) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.topic = Objects.requireNonNull(topic, "topic");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.lookback = Objects.requireNonNull(lookback, "lookback");
  }

  /**
   * Assigns the topic, seeks to the lookback and starts reading.
   *
   * @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if it does not exist
   */
  public synchronized SegmentFeed start() {
    if (thread != null) {
      throw new IllegalStateException("segment feed on " + topic + " is already started");
    }
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (parts.isEmpty()) {
      consumer.close();
      throw new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(
          "topic " + topic + " does not exist");
    }
    consumer.assign(parts);
    long since = System.currentTimeMillis() - lookback.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    parts.forEach(p -> query.put(p, since));
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(query, Duration.ofSeconds(30));
    for (TopicPartition p : parts) {
      OffsetAndTimestamp at = found.get(p);
      if (at != null) {
        consumer.seek(p, at.offset());
      } else {
        consumer.seekToEnd(List.of(p)); // nothing that recent
      }
    }
    running = true;
    thread = new Thread(this::run, "tokenprune-segment-feed-" + topic);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Records read so far (segments held, replays and unreadable ones included). */
  public long records() {
    return records.get();
  }

  public long unreadable() {
    return unreadable.get();
  }

  /** Whether the reading thread runs. */
  public boolean healthy() {
    return running && failure == null;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          records.incrementAndGet();
          CompactSegment s;
          try {
            s = serde.deserialize(r.topic(), r.value());
          } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            log.warn(
                "unreadable segment at {}-{}@{}: {}",
                topic,
                r.partition(),
                r.offset(),
                e.getMessage());
            continue;
          }
          if (s != null) {
            memory.add(s, r.timestamp());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked the thread to stop
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("segment feed on {} stopped; stream memory no longer updates", topic, e);
    } finally {
      running = false;
      consumer.close();
    }
  }

  /** Stops the thread and closes its consumer; the memory keeps what it holds. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
      if (t == null || !running) {
        return;
      }
      running = false;
      consumer.wakeup();
    }
    try {
      t.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
