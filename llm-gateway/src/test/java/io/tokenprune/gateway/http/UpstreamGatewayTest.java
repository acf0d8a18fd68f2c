package io.tokenprune.gateway.http;

import static io.tokenprune.gateway.TestHttp.chat;
import static io.tokenprune.gateway.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.gateway.FakeOpenAiServer;
import io.tokenprune.gateway.TestHttp;
import io.tokenprune.gateway.TestSegments;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.backend.Answer;
import io.tokenprune.gateway.backend.GenerationParams;
import io.tokenprune.gateway.backend.Question;
import io.tokenprune.gateway.backend.TextSink;
import io.tokenprune.gateway.backend.UpstreamBackend;
import io.tokenprune.gateway.backend.UpstreamSettings;
import io.tokenprune.gateway.docs.SelectedContext;
import io.tokenprune.gateway.metrics.GatewayMetrics;
import io.tokenprune.gateway.video.MemoryLimits;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.inference.text.ChatMessage;
import io.tokenprune.schemas.policy.PolicyView;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream backend against a small OpenAI-compatible server written for the test (the only
 * fake), through the gateway's HTTP API: relaying whole and streamed answers, the document text in
 * front of the question, the refusal of visual tokens, the upstream's errors, timeouts, the
 * concurrency limit and a graceful shutdown with an answer in flight.
 */
class UpstreamGatewayTest {
  private static final String UP = FakeOpenAiServer.MODEL;
  private static final String ANSWER = String.join("", FakeOpenAiServer.PIECES);

  private static FakeOpenAiServer upstream;
  private UpstreamBackend backend;
  private GatewayServer server;
  private TestHttp http;

  @BeforeAll
  static void startUpstream() throws IOException {
    upstream = new FakeOpenAiServer();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  @BeforeEach
  void start() {
    upstream.reset();
    backend = backend(Duration.ofSeconds(20));
    server = server(backend, 1);
    http = new TestHttp(server.url());
  }

  @AfterEach
  void stop() {
    upstream.reset();
    server.close();
    backend.close();
  }

  private UpstreamBackend backend(Duration timeout) {
    return backend(upstream.baseUrl(), timeout);
  }

  private static UpstreamBackend backend(String url, Duration timeout) {
    return new UpstreamBackend(
        new UpstreamSettings(URI.create(url), Optional.of("up-key"), UP, timeout),
        new ObjectMapper());
  }

  private static GatewayServer server(UpstreamBackend backend, int maxConcurrent) {
    StreamMemory memory = new StreamMemory(MemoryLimits.defaults(), System::currentTimeMillis);
    memory.add(TestSegments.segment("cam-1", 0, 6, 16, 3), System.currentTimeMillis());
    GatewayServices services =
        new GatewayServices(
            backend,
            Optional.empty(),
            memory,
            new PolicyView(),
            () -> new GatewayServices.Health(true, backend.ready(), "ok"),
            new GatewayMetrics());
    return GatewayServer.start(
        ServerSettings.defaults().withPort(0).withMaxConcurrent(maxConcurrent), services);
  }

  @Test
  void relaysAWholeAnswerWithTheUpstreamsUsage() {
    HttpResponse<String> r =
        http.post(
            "/v1/chat/completions",
            chat(
                UP,
                "What is the pass key?",
                "\"max_tokens\":9,\"temperature\":0.2,\"stop\":[\"END\"],\"seed\":7"),
            null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode b = json(r);
    assertThat(b.path("model").asText()).isEqualTo(UP);
    assertThat(b.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo(ANSWER);
    assertThat(b.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(b.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    assertThat(b.path("usage").path("prompt_tokens").asInt()).isPositive();

    FakeOpenAiServer.Received sent = upstream.received().get(0);
    assertThat(sent.authorization()).isEqualTo("Bearer up-key");
    assertThat(sent.body().path("model").asText()).isEqualTo(UP);
    assertThat(sent.body().path("messages").path(0).path("content").asText())
        .isEqualTo("What is the pass key?");
    assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(9);
    assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.body().path("seed").asInt()).isEqualTo(7);
    assertThat(sent.body().path("stop").path(0).asText()).isEqualTo("END");
    assertThat(sent.body().path("stream").asBoolean()).isTrue();
    assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void relaysAStream() {
    HttpResponse<String> r =
        http.post("/v1/chat/completions", chat(UP, "q", "\"stream\":true"), null);
    assertThat(r.statusCode()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data: {")) {
        text.append(
            TestHttp.json(line.substring(6))
                .path("choices")
                .path(0)
                .path("delta")
                .path("content")
                .asText(""));
      }
    }
    assertThat(text.toString()).isEqualTo(ANSWER);
    assertThat(r.body()).endsWith("data: [DONE]\n\n");
  }

  @Test
  void aDocumentQuestionSendsTheSelectedTextInFrontOfTheQuestion() {
    SelectedContext ctx =
        new SelectedContext(
            "r-1",
            "doc-1",
            new int[] {1, 2},
            900,
            Optional.of("The pass key is 12345."),
            "m",
            3,
            12,
            7);
    Answer a =
        backend.answer(
            new Question.Document(
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("What is the pass key?")),
                ctx),
            GenerationParams.greedy(8),
            TextSink.IGNORE);
    assertThat(a.text()).isEqualTo(ANSWER);
    JsonNode messages = upstream.received().get(0).body().path("messages");
    assertThat(messages.path(0).path("content").asText()).isEqualTo("Be brief.");
    assertThat(messages.path(1).path("content").asText())
        .isEqualTo("The pass key is 12345.\n\nWhat is the pass key?");

    SelectedContext noText =
        new SelectedContext("r-2", "doc-1", new int[] {1}, 9, Optional.empty(), "m", 3, 1, 7);
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                backend.answer(
                    new Question.Document(List.of(ChatMessage.user("q")), noText),
                    GenerationParams.greedy(8),
                    TextSink.IGNORE));
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).contains("carries no text");
  }

  @Test
  void aVideoQuestionIsRefusedWith400() {
    HttpResponse<String> r =
        http.post(
            "/v1/chat/completions",
            chat(UP, "what moved?", "\"tokenprune\":{\"video_stream\":\"cam-1\"}"),
            null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").path("message").asText())
        .contains("text only and cannot take visual tokens");
    assertThat(upstream.received()).isEmpty();
  }

  @Test
  void upstreamErrorsMapToTheClientsStatus() {
    upstream.failWith(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}");
    HttpResponse<String> r = http.post("/v1/chat/completions", chat(UP, "q", ""), null);
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(json(r).path("error").path("message").asText())
        .contains("answered 500: CUDA out of memory");

    upstream.failWith(400, "{\"error\":{\"message\":\"context too long\"}}");
    r = http.post("/v1/chat/completions", chat(UP, "q", ""), null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").path("code").asText()).isEqualTo("upstream_rejected");

    upstream.failWith(429, "{\"error\":\"busy\"}");
    r = http.post("/v1/chat/completions", chat(UP, "q", ""), null);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(json(r).path("error").path("message").asText()).contains("busy");
  }

  @Test
  void anUnreachableUpstreamIs502AndUnhealthy() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (UpstreamBackend nowhere =
            backend("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(5));
        GatewayServer s = server(nowhere, 2)) {
      TestHttp client = new TestHttp(s.url());
      HttpResponse<String> r = client.post("/v1/chat/completions", chat(UP, "q", ""), null);
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(json(r).path("error").path("message").asText()).contains("unreachable");
      assertThat(client.get("/healthz", null).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void aSlowUpstreamIs504() throws InterruptedException {
    try (UpstreamBackend slow = backend(Duration.ofMillis(300));
        GatewayServer s = server(slow, 2)) {
      CountDownLatch held = upstream.holdRequests();
      HttpResponse<String> r =
          new TestHttp(s.url()).post("/v1/chat/completions", chat(UP, "q", ""), null);
      held.countDown();
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(json(r).path("error").path("code").asText()).isEqualTo("upstream_timeout");
    }
  }

  @Test
  void beyondTheConcurrencyLimitIs429() throws Exception {
    CountDownLatch held = upstream.holdRequests();
    CompletableFuture<HttpResponse<String>> first =
        http.postAsync("/v1/chat/completions", chat(UP, "q", ""), null);
    upstream.awaitArrival(); // the first answer occupies the only slot
    HttpResponse<String> second = http.post("/v1/chat/completions", chat(UP, "q", ""), null);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(second).path("error").path("code").asText()).isEqualTo("overloaded");
    held.countDown();
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", chat(UP, "q", ""), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void shutdownLetsTheAnswerInFlightFinish() throws Exception {
    CountDownLatch held = upstream.holdRequests();
    CompletableFuture<HttpResponse<String>> inFlight =
        http.postAsync("/v1/chat/completions", chat(UP, "q", "\"stream\":true"), null);
    upstream.awaitArrival();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    while (!server.draining()) {
      Thread.onSpinWait();
    }
    HttpResponse<String> late = http.post("/v1/chat/completions", chat(UP, "q", ""), null);
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(json(late).path("error").path("message").asText()).contains("shutting down");
    assertThat(closing).isNotDone(); // waiting for the answer in flight

    held.countDown();
    HttpResponse<String> done = inFlight.get();
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("12345").endsWith("data: [DONE]\n\n");
    closing.get();
  }
}
