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
import io.tokenprune.schemas.policy.PrunePolicy;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat request over a video stream, through HTTP, on a tiny LLaVA-style model: the stream's
 * compact tokens become the visual span, the stream's policy sets the inner merge, and the response
 * reports what was used with every policyVersion.
 */
class VideoAnswerTest {
  private static final String MODEL = "tiny-llava";

  @TempDir static Path dir;
  static LocalBackend backend;
  static PolicyView policies = new PolicyView();
  static GatewayServer server;
  static TestHttp http;

  @BeforeAll
  static void start() throws IOException {
    backend = LocalBackend.load(TestModels.llava(dir.resolve("m")), RuntimeConfig.cpu(), MODEL);
    StreamMemory memory = new StreamMemory(MemoryLimits.defaults(), System::currentTimeMillis);
    // segments 0..2 of cam-1: 8, 6, 4 tokens; frames 0-11, PTS 0-11 s; made under versions 3, 3, 4
    memory.add(
        TestSegments.segment("cam-1", 0, 8, TestModels.VISUAL_DIM, 3), System.currentTimeMillis());
    memory.add(
        TestSegments.segment("cam-1", 1, 6, TestModels.VISUAL_DIM, 3), System.currentTimeMillis());
    memory.add(
        TestSegments.segment("cam-1", 2, 4, TestModels.VISUAL_DIM, 4), System.currentTimeMillis());
    memory.add(TestSegments.segment("wide-1", 0, 4, 32, 1), System.currentTimeMillis());
    policies.put("cam-", PrunePolicy.builder().version(9L).innerLayer(2).innerRatio(0.5).build());
    policies.put("bad-1", PrunePolicy.builder().version(10L).innerLayer(3).build());
    memory.add(
        TestSegments.segment("bad-1", 0, 4, TestModels.VISUAL_DIM, 1), System.currentTimeMillis());
    GatewayServices services =
        new GatewayServices(
            backend,
            Optional.empty(),
            memory,
            policies,
            () -> new GatewayServices.Health(true, true, "ok"),
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
  void answersOverTheStreamAndReportsWhatItUsed() {
    HttpResponse<String> r =
        http.post(
            "/v1/chat/completions",
            chat(
                MODEL,
                "what moved?",
                "\"max_tokens\":1,\"temperature\":0,\"tokenprune\":{\"video_stream\":\"cam-1\"}"),
            null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = json(r);
    JsonNode tp = b.path("tokenprune");
    assertThat(tp.path("context").asText()).isEqualTo("video");
    assertThat(tp.path("video_stream").asText()).isEqualTo("cam-1");
    assertThat(tp.path("segments").asInt()).isEqualTo(3);
    assertThat(tp.path("first_seq").asInt()).isZero();
    assertThat(tp.path("last_seq").asInt()).isEqualTo(11);
    assertThat(tp.path("visual_tokens").asInt()).isEqualTo(18);
    assertThat(tp.path("original_visual_tokens").asInt()).isEqualTo(3 * 784);
    assertThat(tp.path("segment_policy_versions").toString()).isEqualTo("[3,4]");
    assertThat(tp.path("policy_version").asLong()).isEqualTo(9);
    JsonNode merge = tp.path("inner_merge");
    assertThat(merge.path("layer").asInt()).isEqualTo(2);
    assertThat(merge.path("ratio").asDouble()).isEqualTo(0.5);
    assertThat(merge.path("merged_tokens").asInt()).isEqualTo(9);
    assertThat(merge.path("policy_version").asLong()).isEqualTo(9);

    JsonNode usage = b.path("usage");
    int prompt = usage.path("prompt_tokens").asInt();
    assertThat(merge.path("kv_cache_tokens").asInt()).isEqualTo(prompt - 9);
    assertThat(usage.path("tokenprune").path("original_prompt_tokens").asInt())
        .isEqualTo(prompt - 18 + 3 * 784);
    assertThat(usage.path("tokenprune").path("inner_merged_tokens").asInt()).isEqualTo(9);
  }

  @Test
  void lastSecondsKeepsTheRecentSegments() {
    // the newest segment ends at 11 s; 5 s reach back to 6 s: segments 1 (ends 7 s) and 2
    JsonNode tp =
        json(http.post(
                "/v1/chat/completions",
                chat(
                    MODEL,
                    "q",
                    "\"max_tokens\":1,\"tokenprune\":{\"video_stream\":\"cam-1\",\"last_seconds\":5}"),
                null))
            .path("tokenprune");
    assertThat(tp.path("segments").asInt()).isEqualTo(2);
    assertThat(tp.path("visual_tokens").asInt()).isEqualTo(10);
    assertThat(tp.path("first_seq").asInt()).isEqualTo(4);
  }

  @Test
  void aStreamedVideoAnswerCarriesTheReportOnItsLastChunk() {
    String body =
        http.post(
                "/v1/chat/completions",
                chat(
                    MODEL,
                    "q",
                    "\"max_tokens\":3,\"stream\":true,\"tokenprune\":{\"video_stream\":\"cam-1\"}"),
                null)
            .body();
    String[] events = body.split("\n\n");
    assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
    JsonNode last = TestHttp.json(events[events.length - 2].substring(6));
    assertThat(last.path("choices").path(0).path("finish_reason").asText()).isIn("stop", "length");
    assertThat(last.path("tokenprune").path("inner_merge").path("merged_tokens").asInt())
        .isEqualTo(9);
  }

  @Test
  void aTokenWidthTheProjectorDoesNotTakeIs400() {
    HttpResponse<String> r =
        http.post(
            "/v1/chat/completions",
            chat(MODEL, "q", "\"tokenprune\":{\"video_stream\":\"wide-1\"}"),
            null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").path("message").asText())
        .contains("tokens have dim 32")
        .contains("mm_hidden_size 16");
  }

  @Test
  void anInnerLayerBeyondTheModelIsAServerErrorThatSaysSo() {
    HttpResponse<String> r =
        http.post(
            "/v1/chat/completions",
            chat(MODEL, "q", "\"tokenprune\":{\"video_stream\":\"bad-1\"}"),
            null);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(json(r).path("error").path("message").asText())
        .contains("innerLayer 3 (policyVersion 10) must be below")
        .contains("3 layers");
  }
}
