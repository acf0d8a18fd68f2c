package io.tokenprune.reducer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.reducer.docs.select.TinyDocModel;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.reducer.stream.ReducerTopology;
import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reducer's own topology, with and without a model configured. */
class ReducerWithDocumentsTest {
  @TempDir Path dir;

  @Test
  void aConfiguredModelAddsTheDocumentPathWhichLoadsItAndAnswers() {
    Path model = TinyDocModel.write(dir.resolve("model"), TinyDocModel.CHATML);
    ReducerConfig config =
        ReducerConfig.local("unused:9092", dir.resolve("state"))
            .withDocuments(
                DocumentSettings.of(model).withRuntime(RuntimeConfig.cpu().withPrefillChunk(16)));
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            ReducerTopology.build(config, id -> EffectivePolicy.DEFAULTS),
            ReducerTopology.streamsConfig(config))) {
      TestInputTopic<String, byte[]> docs =
          driver.createInputTopic("tp.docs", new StringSerializer(), new ByteArraySerializer());
      TestInputTopic<String, byte[]> requests =
          driver.createInputTopic(
              "tp.qa.requests", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, CompactContext> out =
          driver.createOutputTopic(
              "tp.context.compact", new StringDeserializer(), RecordSerdes.compactContext());
      String text = "Alpha beta. The pass key is 777. Gamma delta.";
      docs.pipeInput(
          "d", RecordSerdes.documentChunk().serialize(null, new DocumentChunk("d", 0, true, text)));
      requests.pipeInput(
          "d",
          RecordSerdes.contextRequest()
              .serialize(null, new ContextRequest("q1", "d", "What is the pass key?", 8, null)));
      CompactContext c = out.readValue();
      assertThat(c.getError()).isNull();
      assertThat(c.getTokenIds()).hasSize(8);
      assertThat(c.getFilterLayer()).isEqualTo(1); // round(0.4 * 3 layers)
      assertThat(c.getOriginalPositions()).isSorted();
      // <|im_start|> u s e r \n, then the document's bytes
      assertThat(c.getOriginalPositions().get(0)).isGreaterThanOrEqualTo(6);
      byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (int i = 0; i < 8; i++) {
        assertThat(c.getTokenIds().get(i))
            .isEqualTo(bytes[c.getOriginalPositions().get(i) - 6] & 0xFF);
      }
    }
  }

  @Test
  void withoutAModelTheReducerHasNoDocumentPath() {
    ReducerConfig config = ReducerConfig.local("unused:9092", dir.resolve("state"));
    String described =
        ReducerTopology.build(config, id -> EffectivePolicy.DEFAULTS).describe().toString();
    assertThat(described).doesNotContain(DocumentTopology.CHUNKS).doesNotContain("tp.docs");
  }
}
