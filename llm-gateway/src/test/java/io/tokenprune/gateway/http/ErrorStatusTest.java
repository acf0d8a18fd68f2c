package io.tokenprune.gateway.http;

import static io.tokenprune.gateway.TestHttp.chat;
import static io.tokenprune.gateway.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenprune.gateway.TestHttp;
import io.tokenprune.gateway.TestModels;
import io.tokenprune.gateway.TestSegments;
import io.tokenprune.gateway.api.RequestLimits;
import io.tokenprune.gateway.backend.LocalBackend;
import io.tokenprune.gateway.metrics.GatewayMetrics;
import io.tokenprune.gateway.video.MemoryLimits;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.schemas.policy.PolicyView;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys and the error statuses a local-backend gateway gives, each in OpenAI's error shape. The
 * model has no vision projector. (429 and 504 need a request held in flight: see
 * UpstreamGatewayTest; document 404 and 504 need the reducer's side: see the it module.)
 */
class ErrorStatusTest {
  private static final String MODEL = "tiny";
  private static final String KEY = "sk-test-123";

  @TempDir static Path dir;
  static LocalBackend backend;
  static GatewayServer server;
  static TestHttp http;

  @BeforeAll
  static void start() throws IOException {
    backend = LocalBackend.load(TestModels.llama(dir.resolve("m")), RuntimeConfig.cpu(), MODEL);
    StreamMemory memory = new StreamMemory(MemoryLimits.defaults(), System::currentTimeMillis);
    memory.add(TestSegments.segment("cam-1", 0, 6, 16, 3), System.currentTimeMillis());
    GatewayServices services =
        new GatewayServices(
            backend,
            Optional.empty(),
            memory,
            new PolicyView(),
            () -> new GatewayServices.Health(true, true, "ok"),
            new GatewayMetrics());
    ServerSettings settings =
        ServerSettings.defaults()
            .withPort(0)
            .withKeys(ApiKeys.of(List.of("another-key", KEY)))
            .withLimits(new RequestLimits(2048, 4, 8, 32));
    server = GatewayServer.start(settings, services);
    http = new TestHttp(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
    backend.close();
  }

  private static JsonNode error(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode e = json(r).path("error");
    assertThat(e.path("message").asText()).isNotBlank();
    assertThat(e.path("type").asText()).isNotBlank();
    assertThat(e.has("param")).isTrue();
    assertThat(e.path("code").asText()).isEqualTo(code);
    return e;
  }

  @Test
  void keysAreRequiredOnV1ButNotOnProbes() {
    JsonNode missing = error(http.get("/v1/models", null), 401, "invalid_api_key");
    assertThat(missing.path("message").asText()).contains("missing API key");
    assertThat(http.get("/v1/models", null).headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer");
    JsonNode bad = error(http.get("/v1/models", "sk-test-124"), 401, "invalid_api_key");
    assertThat(bad.path("message").asText()).isEqualTo("invalid API key");
    error(
        http.post("/v1/chat/completions", chat(MODEL, "q", ""), "sk-test-12"),
        401,
        "invalid_api_key");
    assertThat(http.get("/v1/models", KEY).statusCode()).isEqualTo(200);
    assertThat(http.get("/v1/models", "another-key").statusCode()).isEqualTo(200);
    assertThat(http.get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(http.get("/metrics", null).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedRequestsAre400() {
    error(http.post("/v1/chat/completions", "{\"model\": ", KEY), 400, "invalid_request");
    JsonNode e =
        error(
            http.post("/v1/chat/completions", chat(MODEL, "q", "\"top_p\": 2"), KEY),
            400,
            "invalid_request");
    assertThat(e.path("param").asText()).isEqualTo("top_p");
  }

  @Test
  void unknownThingsAre404() {
    JsonNode model =
        error(
            http.post("/v1/chat/completions", chat("gpt-4o", "q", ""), KEY),
            404,
            "model_not_found");
    assertThat(model.path("message").asText()).contains("this gateway serves tiny");
    JsonNode stream =
        error(
            http.post(
                "/v1/chat/completions",
                chat(MODEL, "q", "\"tokenprune\":{\"video_stream\":\"cam-9\"}"),
                KEY),
            404,
            "stream_not_found");
    assertThat(stream.path("message").asText()).contains("unknown video stream cam-9");
    error(http.get("/v1/streams/cam-9/segments", KEY), 404, "stream_not_found");
    error(http.get("/v1/nothing", KEY), 404, "not_found");
  }

  @Test
  void oversizedRequestsAre413() {
    String big = chat(MODEL, "x".repeat(3000), "");
    JsonNode body = error(http.post("/v1/chat/completions", big, KEY), 413, "request_too_large");
    assertThat(body.path("message").asText()).contains("exceeds the limit of 2048 bytes");
    String many =
        "{\"model\":\"tiny\",\"messages\":["
            + "{\"role\":\"user\",\"content\":\"a\"},".repeat(4)
            + "{\"role\":\"user\",\"content\":\"b\"}]}";
    JsonNode count = error(http.post("/v1/chat/completions", many, KEY), 413, "request_too_large");
    assertThat(count.path("message").asText()).contains("5 messages exceed the limit of 4");
  }

  @Test
  void aModelWithoutAProjectorRefusesVideoWith400() {
    JsonNode e =
        error(
            http.post(
                "/v1/chat/completions",
                chat(MODEL, "what moved?", "\"tokenprune\":{\"video_stream\":\"cam-1\"}"),
                KEY),
            400,
            "invalid_request");
    assertThat(e.path("message").asText())
        .contains("has no vision projector")
        .contains("cannot take visual tokens");
  }

  @Test
  void aDocumentWithoutKafkaIs503() {
    JsonNode e =
        error(
            http.post(
                "/v1/chat/completions",
                chat(MODEL, "q", "\"tokenprune\":{\"document\":\"doc-1\"}"),
                KEY),
            503,
            "unavailable");
    assertThat(e.path("message").asText()).contains("need Kafka");
  }

  @Test
  void aPromptTooLongForTheModelIs400() {
    // 1024 positions; 1200 one-byte tokens of question do not fit
    String body =
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + "y".repeat(1200)
            + "\"}]}";
    JsonNode e =
        error(http.post("/v1/chat/completions", body, KEY), 400, "context_length_exceeded");
    assertThat(e.path("message").asText()).contains("takes at most 1023");
  }
}
