package io.tokenprune.deploy.bench;

import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.doc.DocumentChunker;
import io.tokenprune.ingest.doc.DocumentIngest;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.reducer.docs.DocumentSettings;
import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.PromptTemplate;
import io.tokenprune.reducer.docs.select.Selection;
import io.tokenprune.reducer.docs.select.SelectionSpec;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.Granularity;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The document path's costs at several prompt lengths, for one model.
 *
 * <ul>
 *   <li>In process: a full prefill of the prompt (every layer, the LM head on the last token)
 *       against GemFilter selection of the same prompt without the cache (layers 0..L plus pooling
 *       and top-k) and with it (the question's tokens only), best of the repetitions.
 *   <li>Through the broker: a reducer app with the document path; the time from producing a
 *       ContextRequest to consuming its CompactContext (read_committed), with the prefix cache and
 *       without it (every question recomputes), after one warm-up question per document.
 * </ul>
 */
public final class DocsBench {
  private final ModelRuntime runtime;
  private final int layer;
  private final int topK;
  private final int reps;

  /** One prompt length, in process. */
  public record Local(
      int promptTokens,
      double prefillMs,
      double selectMs,
      double cachedMs,
      double fillMs,
      boolean cacheAgrees) {}

  /** One prompt length and cache setting, through the broker (milliseconds). */
  public record Remote(int promptTokens, boolean cache, double median, double min, double max) {}

  /**
   * @param layer the filter layer L
   */
  public DocsBench(ModelRuntime runtime, int layer, int topK, int reps) {
    this.runtime = runtime;
    this.layer = layer;
    this.topK = topK;
    this.reps = reps;
  }

  /** A pass-key document whose prompt (head, document, question) has about {@code tokens}. */
  public static NeedleDocument document(DocumentSelector s, int promptTokens) {
    int question = s.promptIds(List.of(""), NeedleDocument.QUESTION).length;
    return NeedleDocument.build(
        promptTokens - question, 0.5, promptTokens, t -> s.tokenize(t).length());
  }

  public Local local(int promptTokens) throws Exception {
    try (DocumentSelector plain = DocumentSelector.create(runtime, PromptTemplate.defaults(), 0);
        DocumentSelector cached =
            DocumentSelector.create(runtime, PromptTemplate.defaults(), 1L << 40)) {
      List<String> chunks =
          DocumentChunker.split(
              document(plain, promptTokens).text(), DocumentChunker.DEFAULT_MAX_BYTES);
      int[] ids = plain.promptIds(chunks, NeedleDocument.QUESTION);
      SelectionSpec spec = new SelectionSpec(layer, topK, 5, Granularity.TOKEN);
      double prefill = Double.MAX_VALUE;
      double select = Double.MAX_VALUE;
      double hit = Double.MAX_VALUE;
      double fill = Double.MAX_VALUE;
      boolean agrees = true;
      for (int r = -1; r < reps; r++) { // r = -1 warms up and is not counted
        long t0 = System.nanoTime();
        runtime.generator().promptLogits(Prompt.ofTokens(ids), Optional.empty());
        double p = (System.nanoTime() - t0) / 1e6;
        Selection s = plain.select(chunks, NeedleDocument.QUESTION, spec);
        String docId = "doc-" + r;
        t0 = System.nanoTime();
        for (int seq = 0; seq < chunks.size(); seq++) {
          cached.appendChunk(docId, layer, seq, chunks.get(seq), cached.tokenize(chunks.get(seq)));
        }
        double f = (System.nanoTime() - t0) / 1e6;
        Selection h = cached.select(docId, chunks.size(), chunks, NeedleDocument.QUESTION, spec);
        if (!h.cacheHit()) {
          throw new IllegalStateException("a document prefilled chunk by chunk missed the cache");
        }
        agrees &= Arrays.equals(h.positions(), s.positions());
        cached.forget(docId);
        if (r >= 0) {
          prefill = Math.min(prefill, p);
          select = Math.min(select, s.timings().total() / 1e6);
          hit = Math.min(hit, h.timings().total() / 1e6);
          fill = Math.min(fill, f);
        }
      }
      return new Local(ids.length, prefill, select, hit, fill, agrees);
    }
  }

  /**
   * Runs a reducer app with the document path against the broker and times questions.
   *
   * @param promptTokens one document per entry
   */
  public List<Remote> remote(String bootstrap, Path stateRoot, int[] promptTokens, boolean cache)
      throws Exception {
    String run = "bench-docs-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    TopicNames topics = TopicNames.defaults().withPrefix(run);
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(ap)) {
      new TopicsApplier(admin)
          .apply(TopicCatalog.bundled().stream().map(s -> s.renamed(run + s.name())).toList());
    }
    DocumentSettings docs =
        DocumentSettings.of(runtime.dir())
            .withRuntime(runtime.runtimeConfig())
            .withCacheBytes(cache ? DocumentSettings.DEFAULT_CACHE_BYTES : 0)
            .withWait(Duration.ofMinutes(10), Duration.ofSeconds(1));
    ReducerConfig rc =
        ReducerConfig.local(bootstrap, Files.createDirectories(stateRoot.resolve(run)))
            .withTopics(topics)
            .withApplicationId(run + "reducer")
            .withStreamsOverrides(slowRecordSettings())
            .withDocuments(docs);
    EffectivePolicy policy =
        EffectivePolicy.of(PrunePolicy.builder().filterLayer(layer).topK(topK).build());
    List<Remote> rows = new ArrayList<>();
    try (DocumentSelector sizing = DocumentSelector.create(runtime, PromptTemplate.defaults(), 0);
        ReducerApp app = ReducerApp.start(rc, id -> policy);
        ContextRoundTrip client =
            new ContextRoundTrip(bootstrap, topics.qaRequests(), topics.contextCompact());
        KafkaSink<DocumentChunk> sink = KafkaSink.documentChunks(bootstrap, topics.docs())) {
      for (int tokens : promptTokens) {
        String docId = "doc-" + tokens;
        String text = document(sizing, tokens).text();
        int prompt =
            sizing.promptIds(
                    DocumentChunker.split(text, DocumentChunker.DEFAULT_MAX_BYTES),
                    NeedleDocument.QUESTION)
                .length;
        new DocumentIngest(sink, DocumentChunker.DEFAULT_MAX_BYTES, ProgressBar.silent())
            .ingestText(docId, text);
        // the first question waits for the document (and its prefill), then warms up the shapes
        client.ask(docId + "-warm", docId, NeedleDocument.QUESTION, null, Duration.ofMinutes(10));
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
          ContextRoundTrip.Answer a =
              client.ask(
                  docId + "-" + r, docId, NeedleDocument.QUESTION, null, Duration.ofMinutes(5));
          if (a.context().getError() != null) {
            throw new IllegalStateException("the reducer answered " + a.context().getError());
          }
          ms[r] = a.nanos() / 1e6;
        }
        Arrays.sort(ms);
        rows.add(new Remote(prompt, cache, ms[ms.length / 2], ms[0], ms[ms.length - 1]));
      }
    }
    return rows;
  }

  /**
   * A long prefill runs inside one Streams transaction and one poll interval; the EOS defaults (10
   * s transaction timeout) would abort it on a slow CPU.
   */
  static Map<String, String> slowRecordSettings() {
    return Map.of(
        "producer.transaction.timeout.ms", "600000",
        "max.poll.interval.ms", "900000");
  }
}
