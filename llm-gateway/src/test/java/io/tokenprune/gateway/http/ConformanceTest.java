package io.tokenprune.gateway.http;

import static io.tokenprune.gateway.TestHttp.chat;
import static io.tokenprune.gateway.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenprune.gateway.TestHttp;
import io.tokenprune.gateway.TestModels;
import io.tokenprune.gateway.TestSegments;
import io.tokenprune.gateway.backend.LocalBackend;
import io.tokenprune.gateway.metrics.GatewayMetrics;
import io.tokenprune.gateway.video.MemoryLimits;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.schemas.policy.PolicyView;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI shapes over a real socket with a real client: chat.completion, chat.completion.chunk
 * in SSE framing ending with [DONE], models, streams, health and metrics. The local backend runs a
 * tiny random model.
 */
class ConformanceTest {
  private static final String MODEL = "tiny";
  private static final String GREEDY = "\"max_tokens\":6,\"temperature\":0";

  @TempDir static Path dir;
  static LocalBackend backend;
  static GatewayServer server;
  static TestHttp http;

  @BeforeAll
  static void start() throws IOException {
    backend = LocalBackend.load(TestModels.llama(dir.resolve("m")), RuntimeConfig.cpu(), MODEL);
    StreamMemory memory = new StreamMemory(MemoryLimits.defaults(), System::currentTimeMillis);
    memory.add(TestSegments.segment("cam-1", 0, 6, 16, 3), System.currentTimeMillis());
    memory.add(TestSegments.segment("cam-1", 1, 4, 16, 4), System.currentTimeMillis());
    GatewayServices services =
        new GatewayServices(
            backend,
            Optional.empty(),
            memory,
            new PolicyView(),
            () -> new GatewayServices.Health(false, true, "no broker in this test"),
            new GatewayMetrics());
    server = GatewayServer.start(ServerSettings.defaults().withPort(0), services);
    http = new TestHttp(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    backend.close();
  }

  @Test
  void aCompletionHasOpenAisShape() {
    HttpResponse<String> r = http.post("/v1/chat/completions", chat(MODEL, "Hello?", GREEDY), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode b = json(r);
    assertThat(b.path("id").asText()).startsWith("chatcmpl-");
    assertThat(b.path("object").asText()).isEqualTo("chat.completion");
    assertThat(b.path("created").isIntegralNumber()).isTrue();
    assertThat(b.path("model").asText()).isEqualTo(MODEL);
    JsonNode choice = b.path("choices").path(0);
    assertThat(b.path("choices")).hasSize(1);
    assertThat(choice.path("index").asInt()).isZero();
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").isTextual()).isTrue();
    assertThat(choice.path("finish_reason").asText()).isIn("stop", "length");
    JsonNode usage = b.path("usage");
    int prompt = usage.path("prompt_tokens").asInt();
    int completion = usage.path("completion_tokens").asInt();
    assertThat(prompt).isPositive();
    assertThat(completion).isBetween(0, 6);
    assertThat(usage.path("total_tokens").asInt()).isEqualTo(prompt + completion);
    assertThat(usage.path("tokenprune").path("original_prompt_tokens").asInt()).isEqualTo(prompt);
    assertThat(b.has("tokenprune")).isFalse(); // no context, nothing pruned
  }

  @Test
  void aStreamIsSseChunksEndingWithDone() {
    String body =
        chat(
            MODEL,
            "Hello?",
            GREEDY + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    HttpResponse<String> r = http.post("/v1/chat/completions", body, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

    // framing: "data: <payload>" lines, each followed by one blank line, nothing else
    String[] lines = r.body().split("\n", -1);
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i + 1 < lines.length; i += 2) {
      assertThat(lines[i]).startsWith("data: ");
      assertThat(lines[i + 1]).isEmpty();
      payloads.add(lines[i].substring(6));
    }
    assertThat(lines.length % 2).isEqualTo(1);
    assertThat(lines[lines.length - 1]).isEmpty();
    assertThat(payloads.get(payloads.size() - 1)).isEqualTo("[DONE]");

    List<JsonNode> chunks =
        payloads.subList(0, payloads.size() - 1).stream().map(TestHttp::json).toList();
    String id = chunks.get(0).path("id").asText();
    assertThat(id).startsWith("chatcmpl-");
    StringBuilder text = new StringBuilder();
    for (JsonNode c : chunks) {
      assertThat(c.path("id").asText()).isEqualTo(id);
      assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(c.path("model").asText()).isEqualTo(MODEL);
      text.append(c.path("choices").path(0).path("delta").path("content").asText(""));
    }
    assertThat(chunks.get(0).path("choices").path(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    JsonNode last = chunks.get(chunks.size() - 2);
    assertThat(last.path("choices").path(0).path("finish_reason").asText()).isIn("stop", "length");
    JsonNode usage = chunks.get(chunks.size() - 1);
    assertThat(usage.path("choices")).isEmpty();
    assertThat(usage.path("usage").path("total_tokens").asInt()).isPositive();
    for (JsonNode c : chunks.subList(1, chunks.size() - 2)) {
      assertThat(c.path("choices").path(0).path("finish_reason").isNull()).isTrue();
    }

    // greedy: the stream says what the whole answer says
    JsonNode whole = json(http.post("/v1/chat/completions", chat(MODEL, "Hello?", GREEDY), null));
    assertThat(text.toString())
        .isEqualTo(whole.path("choices").path(0).path("message").path("content").asText());
    assertThat(usage.path("usage").path("completion_tokens").asInt())
        .isEqualTo(whole.path("usage").path("completion_tokens").asInt());
  }

  @Test
  void aStopStringEndsTheAnswer() {
    JsonNode whole =
        json(
            http.post(
                "/v1/chat/completions",
                chat(MODEL, "Hi", "\"max_tokens\":12,\"temperature\":0"),
                null));
    String text = whole.path("choices").path(0).path("message").path("content").asText();
    String stop = text.substring(2, 4);
    JsonNode stopped =
        json(
            http.post(
                "/v1/chat/completions",
                chat(
                    MODEL,
                    "Hi",
                    "\"max_tokens\":12,\"temperature\":0,\"stop\":" + TestHttp.quote(stop)),
                null));
    assertThat(stopped.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo(text.substring(0, text.indexOf(stop)));
    assertThat(stopped.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void modelsListsTheServedModel() {
    JsonNode b = json(http.get("/v1/models", null));
    assertThat(b.path("object").asText()).isEqualTo("list");
    assertThat(b.path("data").path(0).path("id").asText()).isEqualTo(MODEL);
    assertThat(b.path("data").path(0).path("object").asText()).isEqualTo("model");
    assertThat(b.path("data").path(0).path("owned_by").asText()).isEqualTo("tokenprune");
  }

  @Test
  void streamsAndTheirTimelines() {
    JsonNode list = json(http.get("/v1/streams", null));
    JsonNode cam = list.path("data").path(0);
    assertThat(cam.path("id").asText()).isEqualTo("cam-1");
    assertThat(cam.path("segments").asInt()).isEqualTo(2);
    assertThat(cam.path("tokens").asInt()).isEqualTo(10);
    assertThat(cam.path("original_tokens").asInt()).isEqualTo(2 * 4 * 196);
    assertThat(cam.path("policy_version").asLong()).isEqualTo(4);

    JsonNode t = json(http.get("/v1/streams/cam-1/segments", null));
    assertThat(t.path("stream").asText()).isEqualTo("cam-1");
    JsonNode s1 = t.path("data").path(1);
    assertThat(s1.path("segment_index").asInt()).isEqualTo(1);
    assertThat(s1.path("first_seq").asInt()).isEqualTo(4);
    assertThat(s1.path("last_seq").asInt()).isEqualTo(7);
    assertThat(s1.path("frames").asInt()).isEqualTo(4);
    assertThat(s1.path("tokens").asInt()).isEqualTo(4);
    assertThat(s1.path("original_token_count").asInt()).isEqualTo(784);
    assertThat(s1.path("static_tokens").asInt()).isEqualTo(2);
    assertThat(s1.path("dynamic_tokens").asInt()).isEqualTo(2);
    assertThat(s1.path("policy_version").asInt()).isEqualTo(4);
  }

  @Test
  void healthSaysWhatIsDown() {
    HttpResponse<String> r = http.get("/healthz", null);
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode b = json(r);
    assertThat(b.path("status").asText()).isEqualTo("unavailable");
    assertThat(b.path("kafka").asBoolean()).isFalse();
    assertThat(b.path("model").asBoolean()).isTrue();
    assertThat(b.path("model_id").asText()).isEqualTo(MODEL);
  }

  @Test
  void metricsArePrometheusText() {
    http.get("/v1/models", null);
    HttpResponse<String> r = http.get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(r.body())
        .contains("# TYPE tokenprune_gateway_requests_total counter")
        .contains("tokenprune_gateway_requests_total{route=\"/v1/models\",status=\"200\"}")
        .contains("tokenprune_gateway_in_flight 0");
  }
}
