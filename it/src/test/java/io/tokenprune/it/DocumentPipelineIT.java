package io.tokenprune.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenprune.deploy.bench.ContextRoundTrip;
import io.tokenprune.deploy.bench.NeedleDocument;
import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.doc.DocumentChunker;
import io.tokenprune.ingest.doc.DocumentIngest;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.reducer.docs.DocumentSettings;
import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.PromptTemplate;
import io.tokenprune.reducer.docs.select.TokenizedText;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document path end to end with the bundled model, through a real broker: a document with a
 * pass key goes to tp.docs in several chunks (each prefilled into the prefix cache as it arrives),
 * then a question goes to tp.qa.requests; the CompactContext that comes back must hold every token
 * of the pass key, and so must a second question's, answered from the cache.
 *
 * <p>It needs the trained model ({@code models/needle-llama-v1}, or {@code -Dtp.demo.model=DIR})
 * and skips itself, saying so, when the folder is absent. The filter layer is 2, one of the layers
 * the model was trained to filter at ({@code -Dtp.demo.filterLayer} overrides it).
 */
@ExtendWith(KafkaBroker.class)
class DocumentPipelineIT {
  static final Path MODEL =
      Path.of(System.getProperty("tp.demo.model", "../models/needle-llama-v1"));
  static final int LAYER = Integer.getInteger("tp.demo.filterLayer", 2);
  static final int TOP_K = 64;

  @TempDir Path stateDir;

  @Test
  void theCompactContextOfAPassKeyQuestionHoldsThePassKeyTokens(KafkaBroker.Broker broker)
      throws Exception {
    assumeTrue(
        Files.isRegularFile(MODEL.resolve("config.json")),
        "the bundled model is not at " + MODEL.toAbsolutePath() + "; this IT needs it");
    TopicNames topics = TopicNames.defaults().withPrefix("docs-it.");
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(ap)) {
      new TopicsApplier(admin)
          .apply(
              TopicCatalog.bundled().stream().map(s -> s.renamed("docs-it." + s.name())).toList());
    }
    ReducerConfig rc =
        ReducerConfig.local(broker.bootstrapServers(), stateDir)
            .withTopics(topics)
            .withApplicationId("docs-it")
            .withStreamsOverrides(
                Map.of(
                    "producer.transaction.timeout.ms", "300000",
                    "max.poll.interval.ms", "600000"))
            .withDocuments(
                DocumentSettings.of(MODEL).withWait(Duration.ofMinutes(3), Duration.ofSeconds(1)));
    EffectivePolicy policy =
        EffectivePolicy.of(
            PrunePolicy.builder().version(41L).filterLayer(LAYER).topK(TOP_K).build());
    int chunkBytes = 400;
    try (ModelRuntime rt = ModelRuntime.load(MODEL, RuntimeConfig.cpu());
        DocumentSelector tokens = DocumentSelector.create(rt, PromptTemplate.defaults(), 0)) {
      NeedleDocument doc = NeedleDocument.build(1500, 0.4, 17, t -> tokens.tokenize(t).length());
      List<Integer> passKey =
          passKeyPositions(tokens, DocumentChunker.split(doc.text(), chunkBytes), doc);
      assertThat(DocumentChunker.split(doc.text(), chunkBytes)).hasSizeGreaterThan(2);
      try (ReducerApp reducer = ReducerApp.start(rc, id -> policy);
          ContextRoundTrip client =
              new ContextRoundTrip(
                  broker.bootstrapServers(), topics.qaRequests(), topics.contextCompact());
          KafkaSink<DocumentChunk> sink =
              KafkaSink.documentChunks(broker.bootstrapServers(), topics.docs())) {
        new DocumentIngest(sink, chunkBytes, ProgressBar.silent())
            .ingestText("needle-1", doc.text());
        for (String requestId : List.of("q-1", "q-2")) {
          CompactContext c =
              client
                  .ask(requestId, "needle-1", NeedleDocument.QUESTION, null, Duration.ofMinutes(3))
                  .context();
          assertThat(c.getError()).as(requestId).isNull();
          assertThat(c.getRequestId()).isEqualTo(requestId);
          assertThat(c.getTokenIds()).hasSize(TOP_K);
          assertThat(c.getFilterLayer()).isEqualTo(LAYER);
          assertThat(c.getPolicyVersion()).isEqualTo(41L);
          assertThat(c.getOriginalPositions())
              .as("%s: the pass key %s at prompt positions %s", requestId, doc.passKey(), passKey)
              .containsAll(passKey);
          assertThat(c.getText()).contains(doc.passKey());
        }
      }
    }
  }

  /** Prompt positions of the tokens that spell the pass key, tokenized as the reducer does. */
  private static List<Integer> passKeyPositions(
      DocumentSelector s, List<String> chunks, NeedleDocument doc) {
    int keyStart = doc.passKeyStart();
    int keyEnd = keyStart + doc.passKey().length();
    List<Integer> out = new ArrayList<>();
    int position = s.headLength();
    int charOffset = 0;
    for (String chunk : chunks) {
      TokenizedText t = s.tokenize(chunk);
      for (int j = 0; j < t.length(); j++) {
        int start = charOffset + t.charStarts()[j];
        int end = charOffset + (j + 1 < t.length() ? t.charStarts()[j + 1] : chunk.length());
        if (start < keyEnd && end > keyStart) {
          out.add(position + j);
        }
      }
      position += t.length();
      charOffset += chunk.length();
    }
    assertThat(out).as("pass-key tokens found").isNotEmpty();
    return out;
  }
}
