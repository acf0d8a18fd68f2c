package io.tokenprune.deploy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.deploy.broker.EmbeddedKafka;
import io.tokenprune.deploy.topics.TopicSpec;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.PolicyUpdate;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.policy.feed.PolicyFeed;
import io.tokenprune.schemas.policy.feed.PolicyListener;
import io.tokenprune.schemas.policy.feed.PolicyPublisher;
import io.tokenprune.schemas.policy.feed.PolicySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PolicyFeed, PolicySnapshot and PolicyPublisher against a real (embedded) broker. */
class PolicyFeedTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger topics = new AtomicInteger();

  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static KafkaProducer<String, String> console;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    admin = Admin.create(kafka.clientProperties());
    // What kafka-console-producer is: plain strings, whatever the operator typed.
    console =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer());
  }

  @AfterAll
  static void stop() {
    console.close();
    admin.close();
    kafka.close();
  }

  @Test
  void aConsoleProducedRecordIsAcceptedAndResolvesForAnIdItPrefixes() throws Exception {
    String topic = newTopic();
    typed(topic, "cam-", "{\"retainRatio\":0.15}");

    try (PolicyFeed feed = new PolicyFeed(config(), topic, PolicyListener.NONE).start()) {
      assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
      EffectivePolicy cam7 = feed.view().resolve("cam-7");
      assertThat(cam7.retainRatio()).isEqualTo(0.15);
      assertThat(cam7.tau()).isEqualTo(EffectivePolicy.DEFAULTS.tau());
      assertThat(cam7.version()).as("one record without a version: its fingerprint").isNegative();
      assertThat(feed.view().resolve("doc-1")).isEqualTo(EffectivePolicy.DEFAULTS);
      assertThat(feed.counts()).isEqualTo(new PolicyFeed.Counts(1, 0, 0, 0));
    }
  }

  @Test
  void badRecordsAreRejectedWithReasonsAndThePreviousPolicyStaysInForce() throws Exception {
    String topic = newTopic();
    typed(topic, "cam-", "{\"version\": 1, \"retainRatio\": 0.2}");
    typed(topic, "cam-", "{\"retainRatio\": 1.5}");
    typed(topic, "cam-", "{\"knn\": 7.5}");
    typed(topic, "cam-", "{\"tau\": 0.8,");
    typed(topic, "cam-*", "{\"retainRatio\": 0.3}");
    List<PolicyUpdate> updates = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    PolicyListener listener =
        (update, record) -> {
          updates.add(update);
          offsets.add(record.offset());
        };

    try (PolicyFeed feed = new PolicyFeed(config(), topic, listener).start()) {
      assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
      EffectivePolicy cam7 = feed.view().resolve("cam-7");
      assertThat(cam7.retainRatio()).isEqualTo(0.2);
      assertThat(cam7.version()).isEqualTo(1L);
      assertThat(feed.counts()).isEqualTo(new PolicyFeed.Counts(1, 4, 0, 0));
      assertThat(feed.failure()).isEmpty();
    }
    // The listener ran on the feed's thread, which close() joined: its writes are visible here.
    assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(updates.get(0)).isInstanceOf(PolicyUpdate.Accepted.class);
    assertThat(updates.subList(1, 5))
        .allSatisfy(u -> assertThat(u).isInstanceOf(PolicyUpdate.Rejected.class))
        .extracting(u -> ((PolicyUpdate.Rejected) u).reason())
        .satisfiesExactly(
            r -> assertThat(r).isEqualTo("retainRatio must be in (0,1], got 1.5"),
            r -> assertThat(r).isEqualTo("knn must be an integer, got 7.5 (line 1, column 9)"),
            r -> assertThat(r).startsWith("bad JSON (line 1, column 13)"),
            r -> assertThat(r).startsWith("policy scope \"cam-*\" contains '*'"));
  }

  @Test
  void aKeylessRecordIsRejectedWhereTheTopicLetsOneThrough() throws Exception {
    // A compacted topic refuses keyless records at the broker; a topic created with
    // cleanup.policy=delete by mistake does not, and the feed must survive one.
    String topic = newTopic("delete");
    typed(topic, null, "{\"retainRatio\": 0.3}");
    typed(topic, "*", "{\"retainRatio\": 0.4}");
    List<PolicyUpdate> updates = new ArrayList<>();
    try (PolicyFeed feed = new PolicyFeed(config(), topic, (u, r) -> updates.add(u)).start()) {
      assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
      assertThat(feed.view().resolve("cam-1").retainRatio()).isEqualTo(0.4);
      assertThat(feed.counts()).isEqualTo(new PolicyFeed.Counts(1, 1, 0, 0));
    }
    assertThat(updates.get(0))
        .isEqualTo(new PolicyUpdate.Rejected(null, "policy scope (the record key) is missing"));
  }

  @Test
  void aTombstoneDeletesAScopeAndItsIdsFallBack() throws Exception {
    String topic = newTopic();
    try (PolicyPublisher publisher = new PolicyPublisher(config(), topic)) {
      assertThat(publisher.put("*", PrunePolicy.builder().version(1L).tau(0.7).build()))
          .isEqualTo(0L);
      assertThat(publisher.put("cam-7", PrunePolicy.builder().version(2L).tau(0.5).build()))
          .isEqualTo(1L);
      assertThat(publisher.delete("cam-7")).isEqualTo(2L);
      assertThat(publisher.delete("cam-8")).as("a tombstone for nothing is harmless").isEqualTo(3L);
    }
    List<PolicyUpdate> updates = new ArrayList<>();
    try (PolicyFeed feed = new PolicyFeed(config(), topic, (u, r) -> updates.add(u)).start()) {
      assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
      assertThat(feed.view().get("cam-7")).isEmpty();
      assertThat(feed.view().resolve("cam-7").tau()).isEqualTo(0.7);
      assertThat(feed.view().resolve("cam-7").version()).isEqualTo(1L);
      assertThat(feed.counts()).isEqualTo(new PolicyFeed.Counts(2, 0, 2, 0));
    }
    assertThat(updates.subList(2, 4))
        .containsExactly(
            new PolicyUpdate.Deleted("cam-7", true), new PolicyUpdate.Deleted("cam-8", false));
  }

  @Test
  void theFeedAppliesAChangeMadeAfterItCaughtUp() throws Exception {
    String topic = newTopic();
    BlockingQueue<ConsumerRecord<String, String>> heard = new LinkedBlockingQueue<>();
    try (PolicyFeed feed = new PolicyFeed(config(), topic, (u, r) -> heard.add(r)).start();
        PolicyPublisher publisher = new PolicyPublisher(config(), topic)) {
      assertThat(feed.awaitCaughtUp(WAIT)).as("an empty topic: caught up at once").isTrue();
      assertThat(feed.view().list()).isEmpty();

      long offset =
          publisher.put("doc-legal-", PrunePolicy.builder().version(4L).topK(2048).build());
      ConsumerRecord<String, String> record = heard.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(record).isNotNull();
      assertThat(record.offset()).isEqualTo(offset);
      assertThat(record.value()).isEqualTo("{\"version\":4,\"topK\":2048}");
      assertThat(feed.view().resolve("doc-legal-7").topK()).isEqualTo(2048);
      assertThat(feed.view().resolve("doc-legal-7").version()).isEqualTo(4L);

      typed(topic, "doc-legal-", "{\"topK\": 0}");
      assertThat(heard.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      assertThat(feed.view().resolve("doc-legal-7").topK())
          .as("still the valid one")
          .isEqualTo(2048);
      assertThat(feed.counts()).isEqualTo(new PolicyFeed.Counts(1, 1, 0, 0));
    }
  }

  @Test
  void aFailingListenerIsCountedAndTheFeedGoesOn() throws Exception {
    String topic = newTopic();
    typed(topic, "a", "{\"knn\": 3}");
    typed(topic, "b", "{\"knn\": 4}");
    PolicyListener failing =
        (u, r) -> {
          throw new IllegalStateException("metrics are down");
        };
    try (PolicyFeed feed = new PolicyFeed(config(), topic, failing).start()) {
      assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
      assertThat(feed.view().resolve("b1").knn()).isEqualTo(4);
      assertThat(feed.counts()).isEqualTo(new PolicyFeed.Counts(2, 0, 0, 2));
    }
  }

  @Test
  void closeStopsTheThreadAndStartTwiceIsRefused() throws Exception {
    String topic = newTopic();
    PolicyFeed feed = new PolicyFeed(config(), topic, PolicyListener.NONE).start();
    assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
    assertThatThrownBy(feed::start).hasMessageContaining("already started");
    assertThat(feedThreads(topic)).hasSize(1);
    feed.close();
    assertThat(feedThreads(topic)).isEmpty();
    assertThat(feed.failure()).isEmpty();
    feed.close(); // idempotent
  }

  @Test
  void aSnapshotReadsToTheEndAndKeepsOnlyTheRejectionsStillStanding() throws Exception {
    String topic = newTopic();
    typed(topic, "cam-", "{\"version\": 1, \"retainRatio\": 0.2}");
    typed(topic, "cam-", "{\"retainRatio\": 2}");
    typed(topic, "doc-", "{\"topK\": -1}");
    typed(topic, "doc-", "{\"version\": 2, \"topK\": 9}");

    PolicySnapshot snapshot = PolicySnapshot.read(config(), topic, WAIT);

    assertThat(snapshot.records()).isEqualTo(4);
    assertThat(snapshot.view().list()).extracting(p -> p.scope()).containsExactly("cam-", "doc-");
    assertThat(snapshot.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.offset()).isEqualTo(1L);
              assertThat(r.update().scope()).isEqualTo("cam-");
              assertThat(r.update().reason()).isEqualTo("retainRatio must be in (0,1], got 2.0");
            });
  }

  @Test
  void aMissingTopicIsNamedByReadersAndPublishers() {
    assertThatThrownBy(() -> PolicySnapshot.read(config(), "no.such.topic", WAIT))
        .isInstanceOf(UnknownTopicOrPartitionException.class)
        .hasMessageContaining("no.such.topic does not exist");
    assertThatThrownBy(() -> new PolicyFeed(config(), "no.such.topic", PolicyListener.NONE).start())
        .isInstanceOf(UnknownTopicOrPartitionException.class);
    Map<String, Object> quick =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            "1000");
    try (PolicyPublisher publisher = new PolicyPublisher(quick, "no.such.topic")) {
      assertThatThrownBy(() -> publisher.put("*", PrunePolicy.builder().knn(3).build()))
          .isInstanceOf(KafkaException.class)
          .hasMessageContaining("scope \"*\"")
          .hasMessageContaining("no.such.topic");
      assertThatThrownBy(() -> publisher.delete("cam-*"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cam-*");
    }
  }

  private static Map<String, Object> config() {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
  }

  /** A fresh compacted single-partition topic, as topics.yaml declares tp.policies. */
  private static String newTopic() throws Exception {
    return newTopic("compact");
  }

  private static String newTopic(String cleanupPolicy) throws Exception {
    String name = "policies-" + topics.incrementAndGet();
    // through the applier, which returns once the broker's metadata shows the topic
    new TopicsApplier(admin)
        .apply(
            List.of(
                new TopicSpec(name, 1, Optional.empty(), Map.of("cleanup.policy", cleanupPolicy))));
    return name;
  }

  private static void typed(String topic, String key, String value) throws Exception {
    console.send(new ProducerRecord<>(topic, key, value)).get();
  }

  private static List<Thread> feedThreads(String topic) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("tokenprune-policy-feed-" + topic))
        .toList();
  }
}
