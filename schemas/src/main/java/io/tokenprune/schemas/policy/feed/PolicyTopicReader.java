package io.tokenprune.schemas.policy.feed;

import io.tokenprune.schemas.policy.PolicyUpdate;
import io.tokenprune.schemas.policy.PolicyView;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer over every partition of a policy topic, from the beginning, applying each record to
 * a {@link PolicyView}. It remembers the end offsets that existed when it was opened, so that a
 * reader can tell when it has seen the topic as it was then. Like KafkaConsumer, it is used by one
 * thread at a time; only {@link #wakeup()} may be called from another.
 */
final class PolicyTopicReader implements AutoCloseable {
  private final String topic;
  private final KafkaConsumer<String, String> consumer;
  private final Map<TopicPartition, Long> targets;
  private final Duration apiTimeout;
  private final PolicyView view;

  private PolicyTopicReader(
      String topic,
      KafkaConsumer<String, String> consumer,
      Map<TopicPartition, Long> targets,
      Duration apiTimeout,
      PolicyView view) {
    this.topic = topic;
    this.consumer = consumer;
    this.targets = targets;
    this.apiTimeout = apiTimeout;
    this.view = view;
  }

  /**
   * Assigns every partition of {@code topic}, seeks to the beginning and records the end offsets.
   *
   * @param clientConfig consumer settings, at least {@code bootstrap.servers}; a {@code group.id}
   *     is dropped, since every reader must see every record
   * @param apiTimeout the bound on each metadata and offset request
   * @throws UnknownTopicOrPartitionException if the topic does not exist
   */
  static PolicyTopicReader open(
      Map<String, ?> clientConfig, String topic, Duration apiTimeout, PolicyView view) {
    Objects.requireNonNull(topic, "topic must not be null");
    Objects.requireNonNull(view, "view must not be null");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(clientConfig));
    try {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, apiTimeout);
      if (partitions == null || partitions.isEmpty()) {
        throw new UnknownTopicOrPartitionException(
            "policy topic " + topic + " does not exist; create it with `tokenprune topics apply`");
      }
      List<TopicPartition> assigned =
          partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> targets = Map.copyOf(consumer.endOffsets(assigned, apiTimeout));
      return new PolicyTopicReader(topic, consumer, targets, apiTimeout, view);
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
  }

  private static Map<String, Object> consumerConfig(Map<String, ?> clientConfig) {
    if (clientConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new IllegalArgumentException(
          "client config must set bootstrap.servers, got keys " + clientConfig.keySet());
    }
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return c;
  }

  String topic() {
    return topic;
  }

  /** Whether every partition has been read up to its end offset as of {@link #open}. */
  boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
      if (consumer.position(t.getKey(), apiTimeout) < t.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits up to {@code timeout} for records, applies those that came, in offset order within each
   * partition, and tells {@code listener} about each after it took effect.
   *
   * @return how many records were applied
   */
  int poll(Duration timeout, PolicyListener listener) {
    int n = 0;
    for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
      // A null key or bad JSON comes back as Rejected; the view keeps the last valid policy.
      PolicyUpdate update = view.apply(record.key(), record.value());
      listener.onUpdate(update, record);
      n++;
    }
    return n;
  }

  /** Makes a blocked {@link #poll} or {@link #caughtUp} throw WakeupException; any thread. */
  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
