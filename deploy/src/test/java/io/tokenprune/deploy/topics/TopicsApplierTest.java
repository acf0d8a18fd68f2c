package io.tokenprune.deploy.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.deploy.broker.EmbeddedKafka;
import io.tokenprune.schemas.topic.TopicNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicsApplierTest {
  private static EmbeddedKafka kafka;
  private static Admin admin;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    admin = Admin.create(kafka.clientProperties());
  }

  @AfterAll
  static void stop() {
    admin.close();
    kafka.close();
  }

  @Test
  void bundledCatalogDeclaresEveryTopicWithCoPartitionedDocsAndRequests() {
    List<TopicSpec> specs = TopicCatalog.bundled();
    assertThat(specs).extracting(TopicSpec::name).containsAll(TopicNames.defaults().all());
    int docs = partitionsOf(specs, "tp.docs");
    assertThat(partitionsOf(specs, "tp.qa.requests")).isEqualTo(docs);
    assertThat(
            specs.stream()
                .filter(s -> s.name().equals("tp.policies"))
                .findFirst()
                .orElseThrow()
                .configs())
        .containsEntry("cleanup.policy", "compact");
  }

  @Test
  void applyIsIdempotentAndRepairsDrift() throws Exception {
    List<TopicSpec> specs =
        TopicCatalog.bundled().stream().map(s -> s.renamed("idem." + s.name())).toList();
    TopicsApplier applier = new TopicsApplier(admin);

    List<TopicChange> first = applier.apply(specs);
    assertThat(first)
        .hasSize(specs.size())
        .allMatch(c -> c.kind() == TopicChange.Kind.CREATE_TOPIC);
    assertThat(applier.apply(specs)).as("second run changes nothing").isEmpty();

    // someone changes retention by hand: the plan shows the drift, apply repairs it
    String dlq = "idem.tp.dlq";
    admin
        .incrementalAlterConfigs(
            Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, dlq),
                List.of(
                    new org.apache.kafka.clients.admin.AlterConfigOp(
                        new org.apache.kafka.clients.admin.ConfigEntry("retention.ms", "1000"),
                        org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
        .all()
        .get();
    awaitLiveConfig(dlq, "retention.ms", "1000");
    List<TopicChange> drift = applier.plan(specs);
    assertThat(drift)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.topic()).isEqualTo(dlq);
              assertThat(c.key()).isEqualTo("retention.ms");
              assertThat(c.live()).isEqualTo("1000");
              assertThat(c.declared()).isEqualTo("2592000000");
            });
    assertThat(applier.plan(specs)).as("plan alone applies nothing").hasSize(1);
    applier.apply(specs);
    awaitLiveConfig(dlq, "retention.ms", "2592000000");
    assertThat(applier.plan(specs)).isEmpty();
  }

  @Test
  void appliersStartingTogetherAllSucceedAndCreateEachTopicOnce() throws Exception {
    // several instances applying the catalog at once: each lists the topics as missing, and all
    // but one get "already exists" from the controller for each; that is not an error
    List<TopicSpec> specs =
        TopicCatalog.bundled().stream().map(s -> s.renamed("race." + s.name())).toList();
    int appliers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(appliers);
    try {
      CyclicBarrier start = new CyclicBarrier(appliers);
      List<Future<List<TopicChange>>> runs = new ArrayList<>();
      for (int i = 0; i < appliers; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return new TopicsApplier(admin).apply(specs);
                }));
      }
      Map<String, Integer> creates = new HashMap<>();
      for (Future<List<TopicChange>> run : runs) {
        for (TopicChange c : run.get(60, TimeUnit.SECONDS)) {
          if (c.kind() == TopicChange.Kind.CREATE_TOPIC) {
            creates.merge(c.topic(), 1, Integer::sum);
          }
        }
      }
      assertThat(creates)
          .as("each topic reported created by exactly one applier")
          .hasSize(specs.size())
          .allSatisfy((topic, n) -> assertThat(n).isEqualTo(1));
      assertThat(new TopicsApplier(admin).plan(specs)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void morePartitionsAreAddedButNeverRemoved() throws Exception {
    TopicsApplier applier = new TopicsApplier(admin);
    TopicSpec two = new TopicSpec("grow", 2, Optional.empty(), Map.of());
    applier.apply(List.of(two));
    assertThat(applier.apply(List.of(new TopicSpec("grow", 3, Optional.empty(), Map.of()))))
        .singleElement()
        .extracting(TopicChange::kind)
        .isEqualTo(TopicChange.Kind.ADD_PARTITIONS);
    assertThatThrownBy(() -> applier.apply(List.of(two)))
        .isInstanceOf(TopicsException.class)
        .hasMessageContaining("cannot remove partitions");
  }

  @Test
  void anUnknownConfigIsRefusedWithTheBrokersMessage() {
    TopicsApplier applier = new TopicsApplier(admin);
    TopicSpec bad =
        new TopicSpec("bad", 1, Optional.empty(), Map.of("tokenprune.retain.ratio", "0.1"));
    assertThatThrownBy(() -> applier.apply(List.of(bad)))
        .isInstanceOf(TopicsException.class)
        .hasMessageContaining("create topics failed")
        .hasMessageContaining("tokenprune.retain.ratio");
  }

  @Test
  void yamlErrorsNameTheProblem() {
    assertThatThrownBy(
            () ->
                TopicCatalog.parse(
                    "topics: [{name: a, partitions: 1, bogus: 2}]".getBytes(), "t.yaml"))
        .hasMessageContaining("unknown field 'bogus'");
    assertThatThrownBy(() -> TopicCatalog.parse("nope: 1".getBytes(), "t.yaml"))
        .hasMessageContaining("expected a top-level 'topics:' list");
  }

  /** Config changes reach the broker's metadata cache asynchronously in KRaft. */
  private static void awaitLiveConfig(String topic, String key, String value) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!value.equals(admin.describeConfigs(List.of(r)).all().get().get(r).get(key).value())) {
      assertThat(System.nanoTime())
          .as("config %s=%s visible in time", key, value)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static int partitionsOf(List<TopicSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().partitions();
  }
}
