package io.tokenprune.ingest.kafka;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.RecordSink;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link RecordSink} on a Kafka producer. Sends are asynchronous; a callback records the first
 * failed delivery, and from then on every {@link #send}, {@link #flush} and {@link #close} throws
 * it as an {@link IngestException} with reason SINK_FAILED, so no record is lost silently. {@link
 * #flush} returning normally means every record sent so far was acknowledged by all in-sync
 * replicas.
 */
public final class KafkaSink<V> implements RecordSink<V> {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, V> producer;
  private final String topic;
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();

  /** Wraps {@code producer}; the sink owns it and closes it. */
  public KafkaSink(Producer<String, V> producer, String topic) {
    this.producer = Objects.requireNonNull(producer, "producer");
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must be non-blank, got '" + topic + "'");
    }
    this.topic = topic;
  }

  /** An idempotent producer of VideoFrame records to {@code topic}. */
  public static KafkaSink<VideoFrame> videoFrames(String bootstrap, String topic) {
    return create(bootstrap, topic, RecordSerdes.videoFrame());
  }

  /** An idempotent producer of DocumentChunk records to {@code topic}. */
  public static KafkaSink<DocumentChunk> documentChunks(String bootstrap, String topic) {
    return create(bootstrap, topic, RecordSerdes.documentChunk());
  }

  private static <V> KafkaSink<V> create(String bootstrap, String topic, Serializer<V> values) {
    return new KafkaSink<>(
        new KafkaProducer<>(
            ProducerSettings.forBootstrap(bootstrap), new StringSerializer(), values),
        topic);
  }

  @Override
  public void send(String key, V value) {
    throwIfFailed();
    try {
      producer.send(
          new ProducerRecord<>(topic, key, value),
          (metadata, error) -> {
            if (error == null) {
              acknowledged.incrementAndGet();
            } else {
              failures.incrementAndGet();
              firstFailure.compareAndSet(null, error);
            }
          });
    } catch (KafkaException e) { // serialization, record too large, closed producer, timeout
      firstFailure.compareAndSet(null, e);
      failures.incrementAndGet();
      throwIfFailed();
    }
  }

  @Override
  public void flush() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      firstFailure.compareAndSet(null, e);
    }
    throwIfFailed();
  }

  /** Records acknowledged by the broker so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Sends that failed so far. */
  public long failed() {
    return failures.get();
  }

  /** Closes the producer, waiting up to 30 s for records in flight; throws if any send failed. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
    throwIfFailed();
  }

  private void throwIfFailed() {
    Exception failure = firstFailure.get();
    if (failure == null) {
      return;
    }
    throw new IngestException(
        Reason.SINK_FAILED,
        "Kafka did not accept a record for topic "
            + topic
            + " ("
            + failures.get()
            + " failed so far): "
            + IngestException.describe(failure),
        failure);
  }
}
