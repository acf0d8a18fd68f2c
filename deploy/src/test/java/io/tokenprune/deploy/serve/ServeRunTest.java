package io.tokenprune.deploy.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.deploy.broker.EmbeddedKafka;
import io.tokenprune.deploy.cli.TokenPrune;
import io.tokenprune.deploy.demo.DocumentQaDemo;
import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.gateway.BackendSettings;
import io.tokenprune.gateway.GatewayConfig;
import io.tokenprune.gateway.http.ServerSettings;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.ModelConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tokenprune serve} runs without --bootstrap, in process: the gateway and the reducer
 * against the embedded broker, fed by {@code tokenprune ingest doc|video --bootstrap} at the
 * broker's address.
 */
class ServeRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Path model;

  @BeforeAll
  static void start() throws Exception {
    model = tinyModel(dir);
    kafka = EmbeddedKafka.start();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      new TopicsApplier(admin).apply(TopicCatalog.bundled());
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static Path tinyModel(Path dir) throws Exception {
    ModelConfig c =
        ModelConfig.builder()
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(3)
            .numHeads(4)
            .numKvHeads(2)
            .maxPositionEmbeddings(4096)
            .build();
    return TinyCheckpoint.of(c).seed(2).write(dir.resolve("tiny-serve"));
  }

  @Test
  void oneProcessGivesAWorkingSystem() throws Exception {
    Path doc = dir.resolve("doc.txt");
    Files.writeString(
        doc,
        "The harbour was quiet that night. ".repeat(30) + "The pass key is 55120. Remember it.");
    HttpClient http = HttpClient.newHttpClient();
    {
      GatewayConfig config =
          GatewayConfig.of(BackendSettings.Local.of(model), kafka.bootstrapServers())
              .withServer(ServerSettings.defaults().withPort(0));
      try (ServeRun run =
          ServeRun.start(
              config,
              Optional.of(
                  new ServeRun.Reducer(Optional.of(model), dir.resolve("state"), "serve-test")))) {
        HttpResponse<String> health = get(http, run.url() + "/healthz");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("kafka").asBoolean()).isTrue();

        String b = "--bootstrap=" + kafka.bootstrapServers();
        assertThat(
                TokenPrune.commandLine()
                    .execute("ingest", "doc", doc.toString(), "--id", "doc-serve", b))
            .isZero();
        assertThat(
                TokenPrune.commandLine()
                    .execute(
                        "ingest",
                        "video",
                        "--source",
                        "pattern:4",
                        "--stream",
                        "cam-serve",
                        "--frames",
                        "8",
                        b))
            .isZero();

        String ask =
            "{\"model\":\"tiny-serve\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"What is the pass key?\"}],\"tokenprune\":{\"document\":\"doc-serve\",\"top_k\":32}}";
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(run.url() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(ask))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode tp = JSON.readTree(answer.body()).path("tokenprune");
        assertThat(tp.path("selected_tokens").asInt()).isEqualTo(32);

        assertThat(run.gateway().memory().awaitFrame("cam-serve", 7, Duration.ofMinutes(2)))
            .isTrue();
        JsonNode streams = JSON.readTree(get(http, run.url() + "/v1/streams").body());
        assertThat(streams.path("data").path(0).path("id").asText()).isEqualTo("cam-serve");
        assertThat(streams.path("data").path(0).path("last_seq").asInt()).isEqualTo(7);
      }
    }
  }

  @Test
  void theDemoPartAsksWithAndWithoutPruningAndListsTheTimeline() throws Exception {
    String b = "--bootstrap=" + kafka.bootstrapServers();
    assertThat(
            TokenPrune.commandLine()
                .execute(
                    "ingest",
                    "video",
                    "--source",
                    "pattern:6",
                    "--stream",
                    "cam-qa",
                    "--frames",
                    "8",
                    b))
        .isZero();
    StringWriter text = new StringWriter();
    new DocumentQaDemo(kafka.bootstrapServers(), new PrintWriter(text))
        .run(
            new DocumentQaDemo.Options(
                model, 600, 3, "cam-qa", 7, Duration.ofMinutes(2), "serve-test-demo"));
    assertThat(text.toString())
        .contains("gateway listening on http://127.0.0.1:")
        .contains("ingested document demo-doc")
        .containsPattern("\\| with pruning \\(GemFilter\\) \\| \\d+ of \\d+ \\|")
        .containsPattern("\\| without pruning \\| \\d+ of \\d+ \\|")
        .contains("GET /v1/streams/cam-qa/segments")
        .containsPattern("\\| 0 \\| 0-\\d+ \\| \\d+ \\| \\d+ \\|");

    StringWriter skipped = new StringWriter();
    new DocumentQaDemo(kafka.bootstrapServers(), new PrintWriter(skipped))
        .run(
            new DocumentQaDemo.Options(
                dir.resolve("none"), 600, 3, "cam-qa", 7, Duration.ofMinutes(2), "unused"));
    assertThat(skipped.toString()).contains("document questions skipped: no trained model at");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
