package io.tokenprune.deploy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.deploy.broker.EmbeddedKafka;
import io.tokenprune.deploy.cli.CliRun;
import io.tokenprune.deploy.topics.TopicSpec;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.policy.feed.PolicySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tokenprune policy ...} run in-process against one embedded broker. */
class PolicyCommandTest {
  private static final AtomicInteger topics = new AtomicInteger();

  private static EmbeddedKafka kafka;
  private static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    admin = Admin.create(kafka.clientProperties());
  }

  @AfterAll
  static void stop() {
    admin.close();
    kafka.close();
  }

  @Test
  void setMergesFlagsIntoTheScopesRecordUnderTheNextVersion() throws Exception {
    String t = newTopic();
    CliRun first = policy(t, "set", "--scope", "cam-", "--retain-ratio", "0.15");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .isEqualTo("wrote cam-|{\"version\":1,\"retainRatio\":0.15} to " + t + " at offset 0\n");

    CliRun second = policy(t, "set", "--scope", "cam-", "--knn", "5", "--granularity", "sentence");
    assertThat(second.out())
        .startsWith(
            "wrote cam-|{\"version\":2,\"retainRatio\":0.15,\"knn\":5,\"granularity\":\"SENTENCE\"}");

    CliRun get = policy(t, "get", "--scope", "cam-");
    assertThat(get.exit()).isZero();
    assertThat(PolicyJson.parse(get.out()))
        .isEqualTo(
            PrunePolicy.builder()
                .version(2L)
                .retainRatio(0.15)
                .knn(5)
                .granularity(io.tokenprune.schemas.policy.Granularity.SENTENCE)
                .build());
  }

  @Test
  void jsonReplacesTheWholeRecordAndAnExplicitVersionWins() throws Exception {
    String t = newTopic();
    assertThat(
            policy(t, "set", "--scope", "*", "--json", "{\"retainRatio\": 0.15, \"tau\": 0.7}")
                .exit())
        .isZero();
    CliRun replace = policy(t, "set", "--scope", "*", "--json", "{\"tau\": 0.6}", "--beta", "0.5");
    assertThat(replace.out()).startsWith("wrote *|{\"version\":2,\"tau\":0.6,\"beta\":0.5} to ");

    CliRun own = policy(t, "set", "--scope", "*", "--json", "{\"version\": 10, \"knn\": 3}");
    assertThat(own.out()).startsWith("wrote *|{\"version\":10,\"knn\":3} to ");
    CliRun flag = policy(t, "set", "--scope", "*", "--knn", "4", "--version", "7");
    assertThat(flag.out()).startsWith("wrote *|{\"version\":7,\"knn\":4} to ");
    assertThat(flag.err())
        .contains("warning: version 7 is not above the highest in " + t + " (10)");
  }

  @Test
  void getResolveShowsEachValueWithItsSourceThePolicyVersionAndTheRecords() throws Exception {
    String t = newTopic();
    policy(t, "set", "--scope", "*", "--retain-ratio", "0.20", "--tau", "0.70");
    policy(t, "set", "--scope", "cam-", "--retain-ratio", "0.15", "--knn", "5");
    policy(t, "set", "--scope", "cam-7", "--window-frames", "16");

    CliRun run = policy(t, "get", "--resolve", "cam-7");

    assertThat(run.exit()).as(run.err()).isZero();
    long expected = snapshot(t).view().resolve("cam-7").version();
    assertThat(expected).as("three records: a fingerprint").isNegative();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("cam-7: policyVersion " + expected);
    assertThat(lines)
        .anyMatch(l -> l.matches(" +retainRatio +0\\.15 +cam-"))
        .anyMatch(l -> l.matches(" +tau +0\\.7 +\\*"))
        .anyMatch(l -> l.matches(" +knn +5 +cam-"))
        .anyMatch(l -> l.matches(" +windowFrames +16 +cam-7"))
        .anyMatch(l -> l.matches(" +beta +0\\.6 +default"))
        .anyMatch(l -> l.matches(" +filterLayer +model default +default"))
        .noneMatch(l -> l.matches(" +version .*"));
    assertThat(run.out())
        .endsWith(
            "records:\n"
                + "  cam-7|{\"version\":3,\"windowFrames\":16}\n"
                + "  cam-|{\"version\":2,\"retainRatio\":0.15,\"knn\":5}\n"
                + "  *|{\"version\":1,\"retainRatio\":0.2,\"tau\":0.7}\n");

    assertThat(policy(t, "get", "--resolve", "doc-1").out())
        .startsWith("doc-1: policyVersion 1\n")
        .contains("records:\n  *|");
  }

  @Test
  void listPrintsProducerLinesAndDeleteWritesATombstone() throws Exception {
    String t = newTopic();
    CliRun empty = policy(t, "list");
    assertThat(empty.out()).isEmpty();
    assertThat(empty.err()).contains("no policies in " + t);
    policy(t, "set", "--scope", "doc-", "--top-k", "2048");
    policy(t, "set", "--scope", "*", "--tau", "0.8");

    assertThat(policy(t, "list").out())
        .isEqualTo("*|{\"version\":2,\"tau\":0.8}\ndoc-|{\"version\":1,\"topK\":2048}\n");

    CliRun delete = policy(t, "delete", "--scope", "doc-");
    assertThat(delete.exit()).isZero();
    assertThat(delete.out()).isEqualTo("deleted doc-: tombstone at " + t + " offset 2\n");
    assertThat(policy(t, "list").out()).isEqualTo("*|{\"version\":2,\"tau\":0.8}\n");
    CliRun gone = policy(t, "get", "--scope", "doc-");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("no policy for scope \"doc-\" in " + t);
    assertThat(policy(t, "delete", "--scope", "doc-").out()).contains("(the scope held no policy)");
  }

  @Test
  void aBadValueExitsWith2AndThePreciseMessageAndWritesNothing() throws Exception {
    String t = newTopic();
    assertBad(t, "retainRatio must be in (0,1], got 1.5", "--retain-ratio", "1.5");
    assertBad(
        t,
        "retainRatio must be in (0,1], got 0.0; poolKernel must be odd and >= 1, got 4",
        "--retain-ratio",
        "0",
        "--pool-kernel",
        "4");
    assertBad(t, "knn must be an integer, got 7.5 (line 1, column 9)", "--json", "{\"knn\": 7.5}");
    assertBad(
        t,
        "unknown field \"retain_ratio\" (line 1, column 23); did you mean \"retainRatio\"?",
        "--json",
        "{\"retain_ratio\": 0.15}");
    assertBad(
        t, "granularity must be one of [TOKEN, SENTENCE], got \"WORD\"", "--granularity", "WORD");
    assertBad(t, "nothing to set for scope \"cam-\"");
    assertBad(t, "'7.5' is not an int", "--knn", "7.5"); // picocli's own conversion error
    assertThat(snapshot(t).records()).isZero();
  }

  @Test
  void anInvalidScopeExitsWith2() throws Exception {
    String t = newTopic();
    for (String[] args :
        List.of(
            new String[] {"set", "--scope", "cam-*", "--tau", "0.5"},
            new String[] {"get", "--scope", "cam-*"},
            new String[] {"delete", "--scope", "cam-*"})) {
      CliRun run = policy(t, args);
      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("policy scope \"cam-*\" contains '*'");
    }
    CliRun blank = policy(t, "set", "--scope", " cam-", "--tau", "0.5");
    assertThat(blank.exit()).isEqualTo(2);
    assertThat(blank.err()).contains("has leading or trailing whitespace");
    assertThat(snapshot(t).records()).isZero();
  }

  @Test
  void aRejectedLatestRecordIsPointedOut() throws Exception {
    String t = newTopic();
    policy(t, "set", "--scope", "cam-", "--retain-ratio", "0.2");
    try (KafkaProducer<String, String> console =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      console.send(new ProducerRecord<>(t, "cam-", "{\"retainRatio\": 1.5}")).get();
    }
    CliRun get = policy(t, "get", "--scope", "cam-");
    assertThat(get.exit()).isZero();
    assertThat(PolicyJson.parse(get.out()).retainRatio()).isEqualTo(0.2);
    assertThat(get.err())
        .contains("the latest record for key \"cam-\" (" + t + "-0 offset 1) was rejected")
        .contains("retainRatio must be in (0,1], got 1.5");
  }

  @Test
  void aMissingTopicExitsWith2AndTheDefaultTopicIsTpPolicies() throws Exception {
    CliRun missing = policy("no.such.topic", "list");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("policy topic no.such.topic does not exist");

    createTopic("tp.policies");
    CliRun set = run("policy", "set", "--scope", "*", "--tau", "0.75");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out())
        .isEqualTo("wrote *|{\"version\":1,\"tau\":0.75} to tp.policies at offset 0\n");
    assertThat(snapshot("tp.policies").view().resolve("x").tau()).isEqualTo(0.75);
  }

  private static void assertBad(String topic, String message, String... flags) {
    List<String> args = new ArrayList<>(List.of("set", "--scope", "cam-"));
    args.addAll(Arrays.asList(flags));
    CliRun run = policy(topic, args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
    assertThat(run.out()).isEmpty();
  }

  private static CliRun policy(String topic, String... args) {
    List<String> all = new ArrayList<>(List.of("policy"));
    all.addAll(Arrays.asList(args));
    all.addAll(List.of("--topic", topic));
    return run(all.toArray(String[]::new));
  }

  private static CliRun run(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("--bootstrap", kafka.bootstrapServers()));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static PolicySnapshot snapshot(String topic) throws Exception {
    return PolicySnapshot.read(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        topic,
        Duration.ofSeconds(30));
  }

  private static String newTopic() throws Exception {
    String name = "cli-policies-" + topics.incrementAndGet();
    createTopic(name);
    return name;
  }

  private static void createTopic(String name) throws Exception {
    // through the applier, which returns once the broker's metadata shows the topic
    new TopicsApplier(admin)
        .apply(
            List.of(new TopicSpec(name, 1, Optional.empty(), Map.of("cleanup.policy", "compact"))));
  }
}
