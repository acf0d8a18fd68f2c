package io.tokenprune.deploy.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  @Test
  void startsServesAGroupConsumerAndStopsCleaningUp() throws Exception {
    Path logDir;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      assertThat(kafka.bootstrapServers()).startsWith("localhost:");
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
        // createTopics completes once the controller has committed the topic; the broker's
        // metadata cache, which listTopics reads, applies it a moment later (a CI run saw [])
        Set<String> names = admin.listTopics().names().get();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!names.contains("t") && System.nanoTime() < deadline) {
          Thread.sleep(20);
          names = admin.listTopics().names().get();
        }
        assertThat(names).contains("t");
        logDir =
            Path.of(
                admin
                    .describeConfigs(
                        List.of(
                            new org.apache.kafka.common.config.ConfigResource(
                                org.apache.kafka.common.config.ConfigResource.Type.BROKER, "1")))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next()
                    .get("log.dirs")
                    .value());
      }
      assertThat(Files.isDirectory(logDir)).isTrue();

      Properties pp = kafka.clientProperties();
      pp.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("t", "k", "hello")).get();
      }
      // A group consumer needs __consumer_offsets, which hangs on one node without RF=1.
      Properties cp = kafka.clientProperties();
      cp.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
      cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("t"));
        ConsumerRecord<String, String> got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got == null && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            got = r;
          }
        }
        assertThat(got).isNotNull();
        assertThat(got.value()).isEqualTo("hello");
        consumer.commitSync();
      }
    }
    assertThat(Files.exists(logDir)).as("temp dir deleted on close").isFalse();
  }

  @Test
  void overridesApply() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("num.partitions", "3"));
        Admin admin = Admin.create(kafka.clientProperties())) {
      assertThat(admin.describeCluster().nodes().get()).hasSize(1);
    }
  }
}
