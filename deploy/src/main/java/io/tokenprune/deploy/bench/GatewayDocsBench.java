package io.tokenprune.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Document questions through the gateway's HTTP API, streamed, the way a client sees them: time to
 * the first SSE chunk and to {@code data: [DONE]}, once with the whole document in the message
 * (full context) and once naming the ingested document (GemFilter selection in the reducer, pass 2
 * in the gateway).
 */
public final class GatewayDocsBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One streamed answer. */
  public record Timing(
      double firstMs, double totalMs, int promptTokens, long originalTokens, String text) {}

  /** The runs of one mode at one context length. */
  public record Row(
      String mode,
      int promptTokens,
      long originalTokens,
      double[] firstMs,
      double[] totalMs,
      int found,
      int runs) {}

  /** The middle value (the upper one of an even count). */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String url;
  private final String model;
  private final int maxTokens;

  public GatewayDocsBench(String gatewayUrl, String model, int maxTokens) {
    this.url = gatewayUrl;
    this.model = model;
    this.maxTokens = maxTokens;
  }

  /** The whole document in the user message: what an unpruned long-context request is. */
  public Timing full(NeedleDocument doc) throws IOException, InterruptedException {
    return ask(doc.text() + "\n\n" + NeedleDocument.QUESTION, null);
  }

  /** The question alone, naming the ingested document. */
  public Timing pruned(String docId, OptionalInt topK) throws IOException, InterruptedException {
    ObjectNode tp = JSON.createObjectNode().put("document", docId);
    topK.ifPresent(k -> tp.put("top_k", k));
    return ask(NeedleDocument.QUESTION, tp);
  }

  /** Runs {@code reps} measured requests after one warm-up. */
  public Row row(String mode, int reps, Run run, String passKey)
      throws IOException, InterruptedException {
    run.once();
    double[] first = new double[reps];
    double[] total = new double[reps];
    int found = 0;
    Timing t = null;
    for (int i = 0; i < reps; i++) {
      t = run.once();
      first[i] = t.firstMs();
      total[i] = t.totalMs();
      found += t.text().contains(passKey) ? 1 : 0;
    }
    return new Row(mode, t.promptTokens(), t.originalTokens(), first, total, found, reps);
  }

  /** One measured request. */
  @FunctionalInterface
  public interface Run {
    Timing once() throws IOException, InterruptedException;
  }

  private Timing ask(String content, ObjectNode tokenprune)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    body.put("max_tokens", maxTokens);
    body.put("temperature", 0);
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    body.putArray("messages").addObject().put("role", "user").put("content", content);
    if (tokenprune != null) {
      body.set("tokenprune", tokenprune);
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
            .timeout(Duration.ofMinutes(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      throw new IOException(
          "gateway answered "
              + r.statusCode()
              + ": "
              + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    long first = -1;
    int prompt = -1;
    long original = -1;
    StringBuilder text = new StringBuilder();
    List<String> errors = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data: ")) {
          continue;
        }
        if (first < 0) {
          first = System.nanoTime();
        }
        String data = line.substring(6);
        if (data.equals("[DONE]")) {
          break;
        }
        JsonNode c = JSON.readTree(data);
        if (c.has("error")) {
          errors.add(c.get("error").toString());
        }
        text.append(c.path("choices").path(0).path("delta").path("content").asText(""));
        if (c.path("usage").isObject()) {
          prompt = c.path("usage").path("prompt_tokens").asInt();
          original = c.path("usage").path("tokenprune").path("original_prompt_tokens").asLong();
        }
      }
    }
    long end = System.nanoTime();
    if (!errors.isEmpty()) {
      throw new IOException("the stream carried an error: " + errors);
    }
    return new Timing((first - t0) / 1e6, (end - t0) / 1e6, prompt, original, text.toString());
  }
}
