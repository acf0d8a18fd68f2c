package io.tokenprune.gateway.docs;

import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request-reply over Kafka: {@link #select} produces a {@link ContextRequest} (keyed by docId, so
 * it lands on the partition of the document's chunks) with a fresh correlation id and the reply
 * topic, and completes when the {@link CompactContext} with that requestId arrives, or fails with a
 * {@link TimeoutException} after the timeout.
 *
 * <p>One reply consumer serves every request: a daemon thread with every partition of the reply
 * topic assigned (no consumer group, committed records only, starting at the end as it was at
 * {@link #start()}), completing the pending future whose id a reply carries. Replies to other
 * gateways, or to requests that already timed out, are skipped.
 */
public final class ContextClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ContextClient.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> clientConfig;
  private final String requestTopic;
  private final String replyTopic;
  private final Duration timeout;
  private final Map<String, CompletableFuture<CompactContext>> pending = new ConcurrentHashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final io.tokenprune.schemas.serde.AvroSerde<CompactContext> replies =
      RecordSerdes.compactContext();
  private volatile KafkaProducer<String, ContextRequest> producer;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;

  /**
   * @param clientConfig at least bootstrap.servers
   * @param requestTopic tp.qa.requests
   * @param replyTopic where replies come: tp.context.compact, or a topic of this gateway's own
   * @param timeout how long a selection may take
   */
  public ContextClient(
      Map<String, ?> clientConfig, String requestTopic, String replyTopic, Duration timeout) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.requestTopic = Objects.requireNonNull(requestTopic, "requestTopic");
    this.replyTopic = Objects.requireNonNull(replyTopic, "replyTopic");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("selection timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * Assigns the reply topic at its end, then starts the reply thread and the producer. A reply to
   * any request sent after this returns is seen.
   *
   * @throws org.apache.kafka.common.KafkaException when the reply topic does not exist
   */
  public synchronized ContextClient start() {
    if (thread != null) {
      throw new IllegalStateException("context client is already started");
    }
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        consumer.partitionsFor(replyTopic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (parts.isEmpty()) {
      consumer.close();
      throw new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(
          "reply topic " + replyTopic + " does not exist");
    }
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(p -> consumer.position(p, Duration.ofSeconds(30))); // resolve the end now
    Map<String, Object> pc = new HashMap<>(clientConfig);
    pc.put(ProducerConfig.ACKS_CONFIG, "all");
    pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    pc.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producer =
        new KafkaProducer<>(pc, new StringSerializer(), RecordSerdes.contextRequest().serializer());
    running = true;
    thread = new Thread(this::run, "tokenprune-context-replies-" + replyTopic);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * Asks the reducer to select from a document.
   *
   * @param topK overrides the policy's topK when present
   * @return completes with the reply (which may carry an error), or fails with a TimeoutException
   *     after the timeout, or with the producer's exception if the request cannot be sent
   */
  public CompletableFuture<CompactContext> select(String docId, String question, OptionalInt topK) {
    KafkaProducer<String, ContextRequest> out = producer;
    if (!running || out == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "the context client is not running" + (failure != null ? ": " + failure : "")));
    }
    String id = UUID.randomUUID().toString();
    CompletableFuture<CompactContext> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ContextRequest request =
        ContextRequest.newBuilder()
            .setRequestId(id)
            .setDocId(docId)
            .setQuestion(question)
            .setTopK(topK.isPresent() ? topK.getAsInt() : null)
            .setReplyTopic(replyTopic)
            .build();
    out.send(
        new ProducerRecord<>(requestTopic, docId, request),
        (meta, e) -> {
          if (e != null) {
            reply.completeExceptionally(e);
          }
        });
    return reply
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .whenComplete(
            (r, e) -> {
              pending.remove(id);
              if (e instanceof TimeoutException) {
                timeouts.incrementAndGet();
              }
            });
  }

  public Duration timeout() {
    return timeout;
  }

  /** Requests waiting for their reply. */
  public int pending() {
    return pending.size();
  }

  /** Replies that matched no pending request (other gateways', or late ones). */
  public long skipped() {
    return skipped.get();
  }

  public long timeouts() {
    return timeouts.get();
  }

  /** Whether the reply thread runs. */
  public boolean healthy() {
    return running && failure == null;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          onReply(r);
        }
      }
    } catch (WakeupException e) {
      // close() asked the thread to stop
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("reply consumer on {} stopped; document questions will fail", replyTopic, e);
    } finally {
      running = false;
      consumer.close();
      IllegalStateException gone = new IllegalStateException("the context client stopped");
      pending.values().forEach(f -> f.completeExceptionally(gone));
    }
  }

  private void onReply(ConsumerRecord<String, byte[]> r) {
    CompactContext c;
    try {
      c = replies.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      skipped.incrementAndGet();
      log.warn(
          "unreadable reply at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    CompletableFuture<CompactContext> f =
        c == null ? null : pending.get(c.getRequestId().toString());
    if (f == null) {
      skipped.incrementAndGet();
      return;
    }
    f.complete(c);
  }

  /** Fails what is still pending, stops the reply thread, closes the producer. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
      if (t == null || producer == null) {
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
    synchronized (this) {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
        producer = null;
      }
    }
  }
}
