package io.tokenprune.gateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.docs.SelectedContext;
import io.tokenprune.inference.text.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers through an OpenAI-compatible server, always streaming from it (with {@code
 * stream_options.include_usage} for the token counts) so that the gateway's own stream sees tokens
 * as they come. A document question is sent as text: GemFilter's selection, decoded by the reducer,
 * in front of the question. Visual tokens are refused: a text-only server cannot take them.
 */
public final class UpstreamBackend implements Backend {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final UpstreamSettings settings;
  private final HttpClient http;
  private final ObjectMapper json;
  private final ScheduledExecutorService deadlines;

  public UpstreamBackend(UpstreamSettings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tokenprune-upstream-deadlines");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String modelId() {
    return settings.model();
  }

  @Override
  public Optional<String> visualRefusal(int dim) {
    return Optional.of(
        "the gateway answers with the upstream server "
            + settings.baseUrl()
            + ", which takes text only and cannot take visual tokens; video questions need the"
            + " local backend with a LLaVA-style model");
  }

  /** Whether the server lists its models within 2 s. */
  @Override
  public boolean ready() {
    try {
      HttpResponse<Void> r =
          http.send(
              authorized(HttpRequest.newBuilder(settings.resolve("/models")))
                  .timeout(PROBE_TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Answer answer(Question question, GenerationParams params, TextSink sink) {
    List<ChatMessage> messages;
    if (question instanceof Question.Plain p) {
      messages = p.messages();
    } else if (question instanceof Question.Document d) {
      messages = withContext(d.messages(), d.context());
    } else {
      throw ApiException.badRequest("tokenprune.video_stream", visualRefusal(0).orElseThrow());
    }
    HttpRequest request =
        authorized(HttpRequest.newBuilder(settings.resolve("/chat/completions")))
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body(messages, params)))
            .build();
    AtomicBoolean expired = new AtomicBoolean();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw timedOut();
    } catch (ConnectException e) {
      throw ApiException.badGateway("upstream " + settings.baseUrl() + " is unreachable: " + e);
    } catch (IOException e) {
      throw ApiException.badGateway("upstream " + settings.baseUrl() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for the upstream");
    }
    InputStream body = response.body();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              expired.set(true);
              closeQuietly(body);
            },
            settings.timeout().toMillis(),
            TimeUnit.MILLISECONDS);
    try (body) {
      if (response.statusCode() != 200) {
        throw UpstreamErrors.of(response.statusCode(), body.readNBytes(64 * 1024), settings, json);
      }
      return readStream(body, sink);
    } catch (IOException e) {
      if (expired.get()) {
        throw timedOut();
      }
      throw ApiException.badGateway("upstream stream from " + settings.baseUrl() + " broke: " + e);
    } finally {
      deadline.cancel(false);
    }
  }

  private Answer readStream(InputStream body, TextSink sink) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    String finish = null;
    int prompt = 0;
    int completion = -1;
    int chunks = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (!line.startsWith("data:")) {
        continue; // blank separators, comments, event names
      }
      String data = line.substring(5).trim();
      if (data.equals("[DONE]")) {
        break;
      }
      JsonNode chunk = json.readTree(data);
      if (chunk.has("error")) {
        throw ApiException.badGateway(
            "upstream " + settings.baseUrl() + " failed mid-stream: " + chunk.get("error"));
      }
      JsonNode usage = chunk.path("usage");
      if (usage.isObject()) {
        prompt = usage.path("prompt_tokens").asInt(0);
        completion = usage.path("completion_tokens").asInt(-1);
      }
      JsonNode choice = chunk.path("choices").path(0);
      String delta = choice.path("delta").path("content").asText("");
      if (!delta.isEmpty()) {
        chunks++;
        text.append(delta);
        if (!sink.onText(delta)) {
          return new Answer(text.toString(), "stop", prompt, chunks, 0, -1);
        }
      }
      if (choice.hasNonNull("finish_reason")) {
        finish = choice.get("finish_reason").asText();
      }
    }
    return new Answer(
        text.toString(),
        finish == null || finish.equals("stop") ? "stop" : finish,
        prompt,
        completion >= 0 ? completion : chunks,
        0,
        -1);
  }

  /** The selection's text in front of the question, in the last (user) message. */
  private static List<ChatMessage> withContext(List<ChatMessage> messages, SelectedContext ctx) {
    String text =
        ctx.text()
            .orElseThrow(
                () ->
                    ApiException.badGateway(
                        "the reducer's selection for document "
                            + ctx.docId()
                            + " carries no text, which an upstream backend needs"));
    List<ChatMessage> out = new ArrayList<>(messages);
    ChatMessage q = out.remove(out.size() - 1);
    out.add(new ChatMessage(q.role(), text + "\n\n" + q.content()));
    return out;
  }

  private byte[] body(List<ChatMessage> messages, GenerationParams p) {
    ObjectNode root = json.createObjectNode();
    root.put("model", settings.model());
    ArrayNode ms = root.putArray("messages");
    for (ChatMessage m : messages) {
      ms.addObject().put("role", m.role()).put("content", m.content());
    }
    root.put("max_tokens", p.maxTokens());
    root.put("temperature", p.temperature());
    root.put("top_p", p.topP());
    p.seed().ifPresent(s -> root.put("seed", s));
    if (!p.stop().isEmpty()) {
      ArrayNode stop = root.putArray("stop");
      p.stop().forEach(stop::add);
    }
    root.put("stream", true);
    root.putObject("stream_options").put("include_usage", true);
    try {
      return json.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    settings.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k));
    return b;
  }

  private ApiException timedOut() {
    return ApiException.timeout(
        "upstream_timeout",
        "upstream " + settings.baseUrl() + " did not answer within " + settings.timeout());
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing to unblock a reader; nothing to add
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }
}
