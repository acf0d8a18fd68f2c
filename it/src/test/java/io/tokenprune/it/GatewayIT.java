package io.tokenprune.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.deploy.demo.SegmentCollector;
import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.gateway.BackendSettings;
import io.tokenprune.gateway.Gateway;
import io.tokenprune.gateway.GatewayConfig;
import io.tokenprune.gateway.KafkaSettings;
import io.tokenprune.gateway.http.ServerSettings;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.doc.DocumentIngest;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.ingest.video.FrameSource;
import io.tokenprune.ingest.video.VideoIngest;
import io.tokenprune.ingest.video.VideoIngestConfig;
import io.tokenprune.reducer.docs.DocumentSettings;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.feed.PolicyPublisher;
import io.tokenprune.schemas.topic.TopicNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a real broker and the real reducer: document questions go out as
 * ContextRequests and come back as the reducer's CompactContexts (correlated by request id, through
 * one shared reply consumer), unknown documents are 404, a selection nobody answers is 504, and the
 * stream memory follows tp.video.compact as the reducer writes it.
 */
@ExtendWith(KafkaBroker.class)
class GatewayIT {
  private static final String PREFIX = "gw.";
  private static final String SILENT = "gw-silent.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOC =
      "The lighthouse keeper wrote in his log every night. ".repeat(20)
          + "The pass key is 40713. Remember it. "
          + "The gulls circled the rocks and the tide came in. ".repeat(20);

  @TempDir static Path dir;
  static TopicNames topics = TopicNames.defaults().withPrefix(PREFIX);
  static Path model;
  static ReducerApp reducer;
  static Gateway gateway;
  static HttpClient http = HttpClient.newHttpClient();
  static long lastFrame;

  @BeforeAll
  static void start(KafkaBroker.Broker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(ap)) {
      TopicsApplier applier = new TopicsApplier(admin);
      applier.apply(
          TopicCatalog.bundled().stream().map(s -> s.renamed(PREFIX + s.name())).toList());
      applier.apply(
          TopicCatalog.bundled().stream().map(s -> s.renamed(SILENT + s.name())).toList());
    }
    try (PolicyPublisher p =
        new PolicyPublisher(Map.of("bootstrap.servers", bootstrap), topics.policies())) {
      p.put("doc-", PolicyJson.parse("{\"version\": 5, \"topK\": 24, \"filterLayer\": 1}"));
    }
    ModelConfig config =
        ModelConfig.builder()
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(3)
            .numHeads(4)
            .numKvHeads(2)
            .maxPositionEmbeddings(4096)
            .build();
    model = TinyCheckpoint.of(config).seed(3).write(dir.resolve("tiny-gw"));

    reducer =
        ReducerApp.start(
            ReducerConfig.local(bootstrap, dir.resolve("state"))
                .withTopics(topics)
                .withApplicationId("gateway-it")
                .withDocuments(
                    DocumentSettings.of(model)
                        .withWait(Duration.ofSeconds(60), Duration.ofMillis(500))));
    try (KafkaSink<DocumentChunk> sink = KafkaSink.documentChunks(bootstrap, topics.docs())) {
      new DocumentIngest(sink, 700, ProgressBar.silent()).ingestText("doc-1", DOC);
    }
    gateway =
        Gateway.start(
            GatewayConfig.of(BackendSettings.Local.of(model), bootstrap)
                .withServer(ServerSettings.defaults().withPort(0))
                .withKafka(
                    KafkaSettings.of(bootstrap)
                        .withTopics(topics)
                        .withSelectionTimeout(Duration.ofSeconds(90))));
    VideoIngestConfig vc = VideoIngestConfig.defaults("cam-gw").withPatternFrames(16);
    try (FrameSource src = FrameSource.open("pattern:3", vc);
        KafkaSink<VideoFrame> frames = KafkaSink.videoFrames(bootstrap, topics.videoFrames())) {
      IngestStats stats = new VideoIngest(vc, frames, ProgressBar.silent()).run(src);
      lastFrame = stats.sent() - 1;
    }
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (reducer != null) {
      reducer.close();
    }
  }

  private static HttpResponse<String> ask(String url, String tokenprune, int maxTokens)
      throws Exception {
    String body =
        "{\"model\":\"tiny-gw\",\"max_tokens\":"
            + maxTokens
            + ",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"What is the pass key?\"}],"
            + "\"tokenprune\":"
            + tokenprune
            + "}";
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
            .timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDocumentQuestionIsAnsweredFromTheReducersSelection() throws Exception {
    HttpResponse<String> r = ask(gateway.url(), "{\"document\":\"doc-1\"}", 4);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = JSON.readTree(r.body());
    JsonNode tp = b.path("tokenprune");
    assertThat(tp.path("document").asText()).isEqualTo("doc-1");
    assertThat(tp.path("selected_tokens").asInt()).isEqualTo(24);
    assertThat(tp.path("filter_layer").asInt()).isEqualTo(1);
    assertThat(tp.path("policy_version").asLong()).isEqualTo(5);
    assertThat(tp.path("selection_model").asText()).isEqualTo("tiny-gw");
    int original = tp.path("original_tokens").asInt();
    assertThat(original)
        .isGreaterThan(DOC.length()); // byte tokens: one per byte, plus the question
    JsonNode usage = b.path("usage");
    assertThat(usage.path("tokenprune").path("original_prompt_tokens").asInt()).isEqualTo(original);
    assertThat(usage.path("prompt_tokens").asInt()).isLessThan(100);
  }

  @Test
  void concurrentQuestionsEachGetTheirOwnReply() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    int[] topKs = {8, 12, 16, 20};
    for (int k : topKs) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ask(gateway.url(), "{\"document\":\"doc-1\",\"top_k\":" + k + "}", 1);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < topKs.length; i++) {
      HttpResponse<String> r = calls.get(i).get();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode tp = JSON.readTree(r.body()).path("tokenprune");
      assertThat(tp.path("selected_tokens").asInt()).isEqualTo(topKs[i]);
      ids.add(tp.path("request_id").asText());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void anUnknownDocumentIs404WithTheReducersReason() throws Exception {
    HttpResponse<String> r = ask(gateway.url(), "{\"document\":\"doc-never\"}", 1);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    JsonNode e = JSON.readTree(r.body()).path("error");
    assertThat(e.path("code").asText()).isEqualTo("document_not_found");
    assertThat(e.path("message").asText()).contains("unknown document 'doc-never'");
  }

  @Test
  void aSelectionNobodyAnswersIs504(KafkaBroker.Broker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    try (Gateway silent =
        Gateway.start(
            GatewayConfig.of(BackendSettings.Local.of(model), bootstrap)
                .withServer(ServerSettings.defaults().withPort(0))
                .withKafka(
                    KafkaSettings.of(bootstrap)
                        .withTopics(TopicNames.defaults().withPrefix(SILENT))
                        .withSelectionTimeout(Duration.ofSeconds(2))))) {
      HttpResponse<String> r = ask(silent.url(), "{\"document\":\"doc-1\"}", 1);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
      assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
          .isEqualTo("selection_timeout");
    }
  }

  @Test
  void theStreamMemoryHoldsWhatTheReducerWrote(KafkaBroker.Broker broker) throws Exception {
    List<CompactSegment> written;
    try (SegmentCollector collector =
        new SegmentCollector(broker.bootstrapServers(), topics.videoCompact())) {
      written =
          collector.awaitStreams(Map.of("cam-gw", lastFrame), Duration.ofMinutes(2)).get("cam-gw");
    }
    assertThat(gateway.memory().awaitFrame("cam-gw", lastFrame, Duration.ofMinutes(1))).isTrue();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/streams/cam-gw/segments"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode data = JSON.readTree(r.body()).path("data");
    assertThat(data).hasSize(written.size());
    for (int i = 0; i < written.size(); i++) {
      assertThat(data.get(i).path("segment_index").asLong())
          .isEqualTo(written.get(i).getSegmentIndex());
      assertThat(data.get(i).path("first_seq").asLong()).isEqualTo(written.get(i).getFirstSeq());
      assertThat(data.get(i).path("tokens").asInt()).isEqualTo(written.get(i).getTokenCount());
      assertThat(data.get(i).path("original_token_count").asInt())
          .isEqualTo(written.get(i).getOriginalTokenCount());
    }
    // a model without a projector says so, even with the stream at hand
    HttpResponse<String> video = ask(gateway.url(), "{\"video_stream\":\"cam-gw\"}", 1);
    assertThat(video.statusCode()).isEqualTo(400);
    assertThat(video.body()).contains("no vision projector");
  }
}
