package io.tokenprune.reducer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.PromptTemplate;
import io.tokenprune.reducer.docs.select.Selection;
import io.tokenprune.reducer.docs.select.SelectionSpec;
import io.tokenprune.reducer.docs.select.TinyDocModel;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.reducer.stream.ReducerTopology;
import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.DeadLetter;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.policy.Granularity;
import io.tokenprune.schemas.policy.PolicyView;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentTopologyTest {
  static final List<String> PARTS =
      List.of(
          "The archive opened at nine. Nobody came before ten! ",
          "The pass key is 48213. Remember it.\n",
          "Lunch was served at noon. The weather stayed grey all day.");
  static final String QUESTION = "What is the pass key?";
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path modelDir;
  static ModelRuntime rt;
  @TempDir Path stateDir;

  private final PolicyView policies = new PolicyView();
  private DocumentSelector selector;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> docs;
  private TestInputTopic<String, byte[]> requests;
  private TestOutputTopic<String, CompactContext> contexts;
  private TestOutputTopic<String, DeadLetter> dlq;

  @BeforeAll
  static void load() {
    rt = TinyDocModel.load(TinyDocModel.write(modelDir.resolve("m"), null));
  }

  @AfterAll
  static void unload() {
    rt.close();
  }

  @BeforeEach
  void start() throws Exception {
    selector = DocumentSelector.create(rt, PromptTemplate.defaults(), 64 << 20);
    Topology t = new Topology();
    DocumentTopology.addTo(
        t,
        TopicNames.defaults(),
        policies::resolve,
        DocumentSettings.of(modelDir).withWait(WAIT, Duration.ofSeconds(1)),
        SharedSelector.borrowed(selector));
    ReducerConfig config = ReducerConfig.local("unused:9092", stateDir);
    driver = new TopologyTestDriver(t, ReducerTopology.streamsConfig(config));
    docs = driver.createInputTopic("tp.docs", new StringSerializer(), new ByteArraySerializer());
    requests =
        driver.createInputTopic(
            "tp.qa.requests", new StringSerializer(), new ByteArraySerializer());
    contexts =
        driver.createOutputTopic(
            "tp.context.compact", new StringDeserializer(), RecordSerdes.compactContext());
    dlq = driver.createOutputTopic("tp.dlq", new StringDeserializer(), RecordSerdes.deadLetter());
  }

  @AfterEach
  void stop() {
    driver.close();
    selector.close();
  }

  @Test
  void chunksOutOfOrderAreAssembledBySeqAndAnsweredFromTheCache() {
    policies.put("doc-", "{\"version\": 7, \"topK\": 12, \"filterLayer\": 2}");
    chunk("doc-1", 2, true);
    chunk("doc-1", 0, false);
    chunk("doc-1", 1, false);
    ask("doc-1", "r1", null);
    CompactContext c = contexts.readValue();
    Selection expected =
        selector.select(PARTS, QUESTION, new SelectionSpec(2, 12, 5, Granularity.TOKEN));
    assertThat(c.getError()).isNull();
    assertThat(c.getRequestId()).isEqualTo("r1");
    assertThat(c.getOriginalPositions()).containsExactlyElementsOf(boxed(expected.positions()));
    assertThat(c.getTokenIds()).containsExactlyElementsOf(boxed(expected.tokenIds()));
    assertThat(c.getText()).isEqualTo(expected.text());
    assertThat(c.getOriginalLength()).isEqualTo(expected.originalLength());
    assertThat(c.getFilterLayer()).isEqualTo(2);
    assertThat(c.getPolicyVersion()).isEqualTo(7);
    assertThat(c.getModelId()).isEqualTo("m");
    // the chunks filled the cache as they came in order, so the question was a hit
    assertThat(selector.cache().stats().hits()).isEqualTo(1);
    assertThat(metric("cache-hits-total")).isEqualTo(1.0);
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void afterTheCacheLosesADocumentAQuestionRecomputesItFromTheStore() {
    for (int seq = 0; seq < 3; seq++) {
      chunk("doc-5", seq, seq == 2);
    }
    ask("doc-5", "before", null);
    selector.forget("doc-5"); // what an eviction or a restart leaves: the stores, no cache entry
    ask("doc-5", "after", null);
    List<CompactContext> out = contexts.readValuesToList();
    assertThat(out.get(1).getError()).isNull();
    assertThat(out.get(1).getOriginalPositions()).isEqualTo(out.get(0).getOriginalPositions());
    assertThat(out.get(1).getText()).isEqualTo(out.get(0).getText());
    assertThat(selector.cache().stats().hits()).isEqualTo(1);
    assertThat(selector.cache().stats().misses()).isEqualTo(1);
    assertThat(selector.cache().stats().entries()).isEqualTo(1); // the recompute is cached again
  }

  @Test
  void questionsBeforeTheLastChunkWaitAndAreAnsweredInArrivalOrder() {
    chunk("doc-2", 0, false);
    ask("doc-2", "first", null);
    ask("doc-2", "second", null);
    assertThat(contexts.isEmpty()).isTrue();
    chunk("doc-2", 1, false);
    assertThat(contexts.isEmpty()).isTrue();
    chunk("doc-2", 2, true);
    List<CompactContext> out = contexts.readValuesToList();
    assertThat(out).extracting(CompactContext::getRequestId).containsExactly("first", "second");
    assertThat(out).allSatisfy(c -> assertThat(c.getError()).isNull());
    assertThat(out.get(0).getTokenIds()).isNotEmpty().isEqualTo(out.get(1).getTokenIds());
  }

  @Test
  void aQuestionThatWaitsTooLongGetsAnError() {
    chunk("doc-3", 0, false);
    ask("doc-3", "r", null);
    driver.advanceWallClockTime(WAIT.minusSeconds(2));
    assertThat(contexts.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    CompactContext c = contexts.readValue();
    assertThat(c.getRequestId()).isEqualTo("r");
    assertThat(c.getTokenIds()).isEmpty();
    assertThat(c.getError())
        .isEqualTo(
            "document 'doc-3' is incomplete: 1 chunks arrived in order from seq 0, none marked"
                + " last, after waiting 30000 ms for its last chunk");
    chunk("doc-3", 1, true); // completing it later answers nothing twice
    assertThat(contexts.isEmpty()).isTrue();
  }

  @Test
  void anUnknownDocumentIsAnsweredAtOnceWithAnError() {
    ask("nope", "r", null);
    CompactContext c = contexts.readValue();
    assertThat(c.getError()).isEqualTo("unknown document 'nope': no chunk of it has arrived");
    assertThat(c.getDocId()).isEqualTo("nope");
  }

  @Test
  void anOversizeDocumentIsDeadLetteredAndEveryQuestionGetsAnError() {
    policies.put("big", "{\"maxDocumentTokens\": 60}");
    chunk("big", 0, false); // 52 bytes: fits
    ask("big", "waiting", null);
    chunk("big", 1, false); // 36 more: over 60
    DeadLetter dl = dlq.readValue();
    String reason = "document big has at least 88 tokens, over maxDocumentTokens 60";
    assertThat(dl.getError()).isEqualTo(reason);
    assertThat(dl.getSourceTopic()).isEqualTo("tp.docs");
    assertThat(new String(dl.getPayload().array(), StandardCharsets.UTF_8)).contains("pass key");
    assertThat(contexts.readValue().getError()).isEqualTo(reason);
    ask("big", "later", null);
    assertThat(contexts.readValue().getError()).isEqualTo(reason);
    chunk("big", 2, true);
    assertThat(dlq.readValue().getError()).startsWith("chunk 2 of rejected document big: ");
  }

  @Test
  void aReplyTopicGetsTheAnswerAndBadRecordsGoToTheDlq() {
    TestOutputTopic<String, CompactContext> mine =
        driver.createOutputTopic(
            "my.replies", new StringDeserializer(), RecordSerdes.compactContext());
    for (int seq = 0; seq < 3; seq++) {
      chunk("doc-4", seq, seq == 2);
    }
    ask("doc-4", "r", "my.replies");
    assertThat(mine.readValue().getError()).isNull();
    assertThat(contexts.isEmpty()).isTrue();
    chunk("doc-4", 1, false);
    assertThat(dlq.readValue().getError())
        .isEqualTo("duplicate chunk: seq 1 of document doc-4 is already stored");
    docs.pipeInput("doc-4", new byte[] {1, 2, 3});
    assertThat(dlq.readValue().getError()).startsWith("not a DocumentChunk: ");
    requests.pipeInput("doc-4", new byte[] {9});
    assertThat(dlq.readValue().getError()).startsWith("not a ContextRequest: ");
    ask("doc-4", "empty", null, "  ");
    assertThat(contexts.readValue().getError()).isEqualTo("the question must not be empty");
    policies.put("doc-4", "{\"filterLayer\": 5}");
    ask("doc-4", "deep", null);
    assertThat(contexts.readValue().getError())
        .isEqualTo("filterLayer 5 is not below the model's 3 layers");
  }

  private void chunk(String docId, int seq, boolean last) {
    DocumentChunk c =
        DocumentChunk.newBuilder()
            .setDocId(docId)
            .setSeq(seq)
            .setLast(last)
            .setText(PARTS.get(seq))
            .build();
    docs.pipeInput(docId, RecordSerdes.documentChunk().serialize(null, c));
  }

  private void ask(String docId, String requestId, String replyTopic) {
    ask(docId, requestId, replyTopic, QUESTION);
  }

  private void ask(String docId, String requestId, String replyTopic, String question) {
    ContextRequest r =
        ContextRequest.newBuilder()
            .setRequestId(requestId)
            .setDocId(docId)
            .setQuestion(question)
            .setReplyTopic(replyTopic)
            .build();
    requests.pipeInput(docId, RecordSerdes.contextRequest().serialize(null, r));
  }

  private double metric(String name) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals(DocumentMetrics.GROUP))
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  private static List<Integer> boxed(int[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
