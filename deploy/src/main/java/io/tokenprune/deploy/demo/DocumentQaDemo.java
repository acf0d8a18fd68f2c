package io.tokenprune.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.deploy.bench.NeedleDocument;
import io.tokenprune.deploy.serve.BundledModel;
import io.tokenprune.deploy.serve.ServeRun;
import io.tokenprune.gateway.BackendSettings;
import io.tokenprune.gateway.GatewayConfig;
import io.tokenprune.gateway.http.ServerSettings;
import io.tokenprune.inference.text.TextTokenizer;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.doc.DocumentChunker;
import io.tokenprune.ingest.doc.DocumentIngest;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.schemas.DocumentChunk;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's gateway part: starts the reducer (with the document path) and the gateway on the
 * demo's broker, ingests a long document with a hidden pass key, asks the gateway over HTTP once
 * naming the document (GemFilter selection, then pass 2 on the selection) and once with the whole
 * document in the message, prints both answers with their times, and lists the video stream's
 * segments through GET /v1/streams/{id}/segments.
 */
public final class DocumentQaDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * GemFilter's budget for the demo question: the needle evaluation's k (the policy default is
   * 1024).
   */
  static final int TOP_K = 128;

  /**
   * @param model the model that selects and answers (the bundled one by default)
   * @param documentTokens the document's length in the model's tokens
   * @param streamId the video stream the demo ingested, and its last frame
   * @param applicationId the reducer's (the video part's reducer has its own)
   */
  public record Options(
      Path model,
      int documentTokens,
      long seed,
      String streamId,
      long lastFrame,
      Duration timeout,
      String applicationId) {
    public static Options of(String streamId, long lastFrame) {
      return new Options(
          BundledModel.dir(),
          3000,
          7,
          streamId,
          lastFrame,
          Duration.ofMinutes(5),
          "tokenprune-demo-docs");
    }
  }

  /** One answer as the client saw it. */
  public record Asked(
      String mode, String text, int promptTokens, long originalTokens, double seconds) {}

  private final String bootstrap;
  private final PrintWriter out;
  private final HttpClient http = HttpClient.newHttpClient();

  public DocumentQaDemo(String bootstrap, PrintWriter out) {
    this.bootstrap = bootstrap;
    this.out = out;
  }

  /** Runs the part, or says why it cannot (no trained model) and returns. */
  public void run(Options o) {
    try {
      runChecked(o);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void runChecked(Options o) throws IOException, InterruptedException {
    if (!BundledModel.present(o.model())) {
      out.println();
      out.println(
          "document questions skipped: no trained model at "
              + o.model()
              + " (the bundled "
              + BundledModel.NAME
              + " has not been trained into this checkout)");
      out.flush();
      return;
    }
    Path state = Files.createTempDirectory("tokenprune-demo-docs-");
    GatewayConfig config =
        GatewayConfig.of(BackendSettings.Local.of(o.model()), bootstrap)
            .withServer(ServerSettings.defaults().withPort(0));
    try (ServeRun run =
            ServeRun.start(
                config,
                Optional.of(
                    new ServeRun.Reducer(Optional.of(o.model()), state, o.applicationId())));
        TextTokenizer tokenizer = TextTokenizer.load(o.model())) {
      out.println();
      out.println("gateway listening on " + run.url());
      int frame = tokenizer.encode("").length;
      NeedleDocument doc =
          NeedleDocument.build(
              o.documentTokens(), 0.6, o.seed(), s -> tokenizer.encode(s).length - frame);
      // a short warm-up document, asked once each way, so that the timed answers below compare
      // the two paths rather than first-request costs (JIT, libtorch kernels, consumer fetches)
      NeedleDocument warmUp =
          NeedleDocument.build(256, 0.5, o.seed() + 1, s -> tokenizer.encode(s).length - frame);
      try (KafkaSink<DocumentChunk> sink =
          KafkaSink.documentChunks(bootstrap, config.kafka().topics().docs())) {
        DocumentIngest ingest =
            new DocumentIngest(sink, DocumentChunker.DEFAULT_MAX_BYTES, ProgressBar.silent());
        ingest.ingestText("demo-warm-up", warmUp.text());
        ingest.ingestText("demo-doc", doc.text());
      }
      String modelId = o.model().getFileName().toString();
      ask(
          run.url(),
          modelId,
          NeedleDocument.QUESTION,
          JSON.createObjectNode().put("document", "demo-warm-up").put("top_k", TOP_K),
          "warm-up",
          o.timeout());
      ask(
          run.url(),
          modelId,
          warmUp.text() + "\n\n" + NeedleDocument.QUESTION,
          null,
          "warm-up",
          o.timeout());
      out.printf(
          Locale.ROOT,
          "ingested document demo-doc: about %d tokens, pass key hidden at %.0f%% depth%n",
          o.documentTokens(),
          100.0 * doc.passKeyStart() / doc.text().length());
      String model = o.model().getFileName().toString();
      Asked pruned =
          ask(
              run.url(),
              model,
              NeedleDocument.QUESTION,
              JSON.createObjectNode().put("document", "demo-doc").put("top_k", TOP_K),
              "with pruning (GemFilter)",
              o.timeout());
      Asked full =
          ask(
              run.url(),
              model,
              doc.text() + "\n\n" + NeedleDocument.QUESTION,
              null,
              "without pruning",
              o.timeout());
      out.println();
      out.println("Q: " + NeedleDocument.QUESTION + "   (the pass key is " + doc.passKey() + ")");
      out.println("| mode | prompt tokens | seconds (after a warm-up) | answer | correct |");
      out.println("|---|---:|---:|---|---|");
      for (Asked a : new Asked[] {pruned, full}) {
        out.printf(
            Locale.ROOT,
            "| %s | %d of %d | %.2f | %s | %s |%n",
            a.mode(),
            a.promptTokens(),
            a.originalTokens(),
            a.seconds(),
            a.text().strip().replace("|", "\\|").replace("\n", " "),
            a.text().contains(doc.passKey()) ? "yes" : "no");
      }
      out.flush();
      segments(run, o);
    }
  }

  private Asked ask(
      String url,
      String model,
      String content,
      ObjectNode tokenprune,
      String mode,
      Duration timeout)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    body.put(
        "max_tokens", 32); // the reply restates the fact: "The pass key is 48213." is ~20 tokens
    body.put("temperature", 0);
    body.putArray("messages").addObject().put("role", "user").put("content", content);
    if (tokenprune != null) {
      body.set("tokenprune", tokenprune);
    }
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonNode b = JSON.readTree(r.body());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "the gateway answered "
              + r.statusCode()
              + ": "
              + b.path("error").path("message").asText(r.body()));
    }
    return new Asked(
        mode,
        b.path("choices").path(0).path("message").path("content").asText(),
        b.path("usage").path("prompt_tokens").asInt(),
        b.path("usage").path("tokenprune").path("original_prompt_tokens").asLong(),
        seconds);
  }

  /** The video stream's timeline, through the API. */
  private void segments(ServeRun run, Options o) throws IOException, InterruptedException {
    if (!run.gateway().memory().awaitFrame(o.streamId(), o.lastFrame(), o.timeout())) {
      out.println(
          "the gateway has not seen stream " + o.streamId() + " up to frame " + o.lastFrame());
      return;
    }
    String path = "/v1/streams/" + o.streamId() + "/segments";
    JsonNode data =
        JSON.readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(run.url() + path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .path("data");
    out.println();
    out.println("GET " + path);
    out.println("| segment | frames | tokens kept | original tokens | kept | policy |");
    out.println("|---:|---|---:|---:|---:|---:|");
    for (JsonNode s : data) {
      out.printf(
          Locale.ROOT,
          "| %d | %d-%d | %d | %d | %.1f%% | %d |%n",
          s.path("segment_index").asLong(),
          s.path("first_seq").asLong(),
          s.path("last_seq").asLong(),
          s.path("tokens").asInt(),
          s.path("original_token_count").asInt(),
          100 * s.path("kept_ratio").asDouble(),
          s.path("policy_version").asLong());
    }
    out.flush();
  }
}
