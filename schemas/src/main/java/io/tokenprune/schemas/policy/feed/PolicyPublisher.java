package io.tokenprune.schemas.policy.feed;

import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.PolicyScope;
import io.tokenprune.schemas.policy.PrunePolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes policy records: a policy's one-line JSON under its scope, or a tombstone. Each write waits
 * for {@code acks=all}, so when a method returns the record is in the topic. Only valid records go
 * out: a {@link PrunePolicy} checks its own ranges and the scope is checked here.
 */
public final class PolicyPublisher implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<String, String> producer;

  /**
   * @param clientConfig producer settings, at least {@code bootstrap.servers}; acks, idempotence
   *     and the serializers are fixed here, the timeouts default to 30 s unless given
   * @param topic the policy topic, usually {@code TopicNames.policies()}
   */
  public PolicyPublisher(Map<String, ?> clientConfig, String topic) {
    this.topic = Objects.requireNonNull(topic, "topic must not be null");
    this.producer = new KafkaProducer<>(producerConfig(clientConfig));
  }

  private static Map<String, Object> producerConfig(Map<String, ?> clientConfig) {
    if (clientConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new IllegalArgumentException(
          "client config must set bootstrap.servers, got keys " + clientConfig.keySet());
    }
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    c.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // One record at a time from a terminal: fail in seconds, not the client's default 2 minutes.
    c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    return c;
  }

  /**
   * Writes {@code policy} under {@code scope}.
   *
   * @return the record's offset
   * @throws IllegalArgumentException if the scope is not a valid key
   * @throws KafkaException if the broker did not take the record
   */
  public long put(String scope, PrunePolicy policy) {
    PolicyScope.check(scope);
    Objects.requireNonNull(policy, "policy must not be null; delete(scope) writes a tombstone");
    return send(scope, PolicyJson.write(policy));
  }

  /**
   * Writes a tombstone for {@code scope}: ids it covered fall back to the next level.
   *
   * @return the record's offset
   */
  public long delete(String scope) {
    PolicyScope.check(scope);
    return send(scope, null);
  }

  private long send(String scope, String value) {
    try {
      return producer.send(new ProducerRecord<>(topic, scope, value)).get().offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "cannot write the "
              + (value == null ? "tombstone" : "policy")
              + " for scope \""
              + scope
              + "\" to "
              + topic
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (KafkaException e) {
      // send() itself throws for metadata timeouts and a closed producer
      throw new KafkaException(
          "cannot write to " + topic + " for scope \"" + scope + "\": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
