package io.tokenprune.gateway;

import io.tokenprune.schemas.topic.TopicNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's Kafka side.
 *
 * @param replyTopic where the reducer answers ContextRequests for this gateway: tp.context.compact
 *     by default; a topic of its own spares it reading other gateways' replies
 * @param selectionTimeout how long a document question waits for its CompactContext (504 after)
 * @param lookback how far back the stream memory starts reading tp.video.compact at startup
 * @param clientOverrides raw Kafka client settings applied last (security, timeouts)
 */
public record KafkaSettings(
    String bootstrapServers,
    TopicNames topics,
    String replyTopic,
    Duration selectionTimeout,
    Duration lookback,
    Map<String, String> clientOverrides) {

  public KafkaSettings {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(replyTopic, "replyTopic");
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must be given");
    }
    if (selectionTimeout == null || selectionTimeout.isNegative() || selectionTimeout.isZero()) {
      throw new IllegalArgumentException(
          "selectionTimeout must be positive, got " + selectionTimeout);
    }
    if (lookback == null || lookback.isNegative()) {
      throw new IllegalArgumentException("lookback must be >= 0, got " + lookback);
    }
    clientOverrides = Map.copyOf(Objects.requireNonNullElse(clientOverrides, Map.of()));
  }

  /** Default topics, replies on tp.context.compact, 30 s selections, 30 minutes of lookback. */
  public static KafkaSettings of(String bootstrapServers) {
    TopicNames t = TopicNames.defaults();
    return new KafkaSettings(
        bootstrapServers,
        t,
        t.contextCompact(),
        Duration.ofSeconds(30),
        Duration.ofMinutes(30),
        Map.of());
  }

  public KafkaSettings withBootstrap(String servers) {
    return new KafkaSettings(
        servers, topics, replyTopic, selectionTimeout, lookback, clientOverrides);
  }

  public KafkaSettings withTopics(TopicNames t) {
    return new KafkaSettings(
        bootstrapServers, t, t.contextCompact(), selectionTimeout, lookback, clientOverrides);
  }

  public KafkaSettings withReplyTopic(String topic) {
    return new KafkaSettings(
        bootstrapServers, topics, topic, selectionTimeout, lookback, clientOverrides);
  }

  public KafkaSettings withSelectionTimeout(Duration d) {
    return new KafkaSettings(bootstrapServers, topics, replyTopic, d, lookback, clientOverrides);
  }

  /** bootstrap.servers plus the overrides: the base of every client the gateway makes. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrapServers);
    c.putAll(clientOverrides);
    return c;
  }
}
