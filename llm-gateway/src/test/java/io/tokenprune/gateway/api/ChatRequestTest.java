package io.tokenprune.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestLimits LIMITS = new RequestLimits(4096, 3, 16, 64);

  private static ChatRequest parse(String body) {
    return ChatRequest.parse(body.getBytes(StandardCharsets.UTF_8), LIMITS, JSON);
  }

  private static ApiException error(String body) {
    try {
      parse(body);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("no error for " + body);
  }

  @Test
  void readsEveryOpenAiFieldItUses() {
    ChatRequest r =
        parse(
            """
            {"model": "m", "messages": [{"role": "system", "content": "be brief"},
              {"role": "user", "content": [{"type": "text", "text": "hi "}, {"type": "text", "text": "there"}]}],
             "max_tokens": 7, "temperature": 0.5, "top_p": 0.9, "seed": 42, "stop": ["\\n", "END"],
             "stream": true, "stream_options": {"include_usage": true}, "user": "ignored", "n": 1}
            """);
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.messages()).hasSize(2);
    assertThat(r.question()).isEqualTo("hi there");
    assertThat(r.maxTokens()).isEqualTo(7);
    assertThat(r.temperature()).isEqualTo(0.5);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.seed()).hasValue(42);
    assertThat(r.stop()).containsExactly("\n", "END");
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.context()).isEmpty();
  }

  @Test
  void defaultsFollowOpenAi() {
    ChatRequest r =
        parse(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"},"
                + "{\"role\":\"user\",\"content\":\"q\"}],\"seed\":null,\"stop\":\"S\"}");
    assertThat(r.maxTokens()).isEqualTo(16);
    assertThat(r.temperature()).isEqualTo(1.0);
    assertThat(r.topP()).isEqualTo(1.0);
    assertThat(r.seed()).isEmpty();
    assertThat(r.stream()).isFalse();
    assertThat(r.messages().get(0).role()).isEqualTo("system");
    assertThat(r.stop()).containsExactly("S");
  }

  @Test
  void readsTheTokenpruneContexts() {
    ChatRequest doc =
        parse(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],"
                + "\"tokenprune\":{\"document\":\"doc-1\",\"top_k\":64}}");
    assertThat(doc.context()).contains(new ContextRef.Document("doc-1", OptionalInt.of(64)));
    ChatRequest video =
        parse(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],"
                + "\"tokenprune\":{\"video_stream\":\"cam-1\",\"last_seconds\":300}}");
    assertThat(video.context()).contains(new ContextRef.Video("cam-1", OptionalDouble.of(300)));
  }

  @Test
  void malformedRequestsAre400WithTheField() {
    assertThat(error("{\"model\":").status()).isEqualTo(400);
    assertThat(error("[1]").getMessage()).contains("JSON object");
    assertThat(error("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}").param())
        .isEqualTo("model");
    assertThat(error("{\"model\":\"m\",\"messages\":[]}").param()).isEqualTo("messages");
    assertThat(
            error("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"q\"}]}").param())
        .isEqualTo("messages[0].role");
    String ok = "\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]";
    assertThat(error("{" + ok + ",\"max_tokens\":0}").param()).isEqualTo("max_tokens");
    assertThat(error("{" + ok + ",\"max_tokens\":65}").getMessage()).contains("cap of 64");
    assertThat(error("{" + ok + ",\"temperature\":\"hot\"}").param()).isEqualTo("temperature");
    assertThat(error("{" + ok + ",\"top_p\":0}").param()).isEqualTo("top_p");
    assertThat(error("{" + ok + ",\"n\":2}").param()).isEqualTo("n");
    assertThat(error("{" + ok + ",\"stop\":[\"\"]}").param()).isEqualTo("stop");
    assertThat(error("{" + ok + ",\"stream\":\"yes\"}").param()).isEqualTo("stream");
    assertThat(error("{" + ok + ",\"tokenprune\":{\"doc\":\"x\"}}").getMessage())
        .contains("unknown field tokenprune.doc");
    assertThat(
            error("{" + ok + ",\"tokenprune\":{\"document\":\"a\",\"video_stream\":\"b\"}}")
                .getMessage())
        .contains("exactly one of document and video_stream");
    assertThat(
            error("{" + ok + ",\"tokenprune\":{\"video_stream\":\"b\",\"last_seconds\":-1}}")
                .getMessage())
        .contains("last_seconds must be a finite number > 0");
    assertThat(
            error(
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}")
                .getMessage())
        .contains("only text parts");
  }

  @Test
  void tooManyMessagesIs413() {
    ApiException e =
        error(
            "{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"a\"},".repeat(3)
                + "{\"role\":\"user\",\"content\":\"b\"}]}");
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.getMessage()).contains("4 messages exceed the limit of 3");
  }

  @Test
  void aContextNeedsTheQuestionLast() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                        + "{\"role\":\"assistant\",\"content\":\"a\"}],"
                        + "\"tokenprune\":{\"document\":\"d\"}}"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("last message must be the user's question");
  }
}
