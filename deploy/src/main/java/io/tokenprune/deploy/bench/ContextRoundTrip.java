package io.tokenprune.deploy.bench;

import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Asks the reducer about documents through the broker, one question at a time: produces a
 * ContextRequest keyed by docId and waits for the CompactContext with its requestId (committed
 * records only: the reducer is exactly-once). The answer topic's partitions are assigned and read
 * from their end when this is built, so no answer to a later question can be missed.
 */
public final class ContextRoundTrip implements AutoCloseable {
  private final KafkaProducer<String, ContextRequest> producer;
  private final KafkaConsumer<String, CompactContext> consumer;
  private final String requestTopic;
  private final Map<String, CompactContext> early = new HashMap<>();

  /** An answer and the wall time from producing the question to consuming the answer. */
  public record Answer(CompactContext context, long nanos) {}

  public ContextRoundTrip(String bootstrap, String requestTopic, String answerTopic) {
    this.requestTopic = requestTopic;
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producer =
        new KafkaProducer<>(pp, new StringSerializer(), RecordSerdes.contextRequest().serializer());
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    consumer = new KafkaConsumer<>(cp, new StringDeserializer(), RecordSerdes.compactContext());
    List<TopicPartition> parts =
        consumer.partitionsFor(answerTopic).stream()
            .map(p -> new TopicPartition(answerTopic, p.partition()))
            .toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // resolve the end offsets now, before any question
  }

  /**
   * @throws IllegalStateException when no answer arrives within the timeout
   */
  public Answer ask(String requestId, String docId, String question, Integer topK, Duration timeout)
      throws InterruptedException {
    ContextRequest r =
        ContextRequest.newBuilder()
            .setRequestId(requestId)
            .setDocId(docId)
            .setQuestion(question)
            .setTopK(topK)
            .build();
    long t0 = System.nanoTime();
    try {
      producer.send(new ProducerRecord<>(requestTopic, docId, r)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot produce the request: " + e.getCause(), e.getCause());
    }
    long deadline = t0 + timeout.toNanos();
    while (!early.containsKey(requestId)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no CompactContext for request " + requestId + " within " + timeout);
      }
      for (ConsumerRecord<String, CompactContext> rec : consumer.poll(Duration.ofMillis(5))) {
        early.put(rec.key(), rec.value());
      }
    }
    long nanos = System.nanoTime() - t0;
    return new Answer(early.remove(requestId), nanos);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
