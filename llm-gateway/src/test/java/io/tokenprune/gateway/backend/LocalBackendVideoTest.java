package io.tokenprune.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.gateway.TestModels;
import io.tokenprune.gateway.TestSegments;
import io.tokenprune.gateway.video.MemoryLimits;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.gateway.video.VisualSpan;
import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.GenerationResult;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.generate.TokenListener;
import io.tokenprune.inference.model.VisionProjector;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import io.tokenprune.inference.text.ChatMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embeddings path and the inner merge end to end on a tiny LLaVA-style model: compact segments
 * projected into the decoder, merged at layer K. The KV cache shrinks by exactly the merged count,
 * and r = 0 answers exactly as a generation without any merge.
 */
class LocalBackendVideoTest {
  private static final List<ChatMessage> ASK = List.of(ChatMessage.user("what moved?"));

  @TempDir static Path dir;
  static LocalBackend backend;
  static VisualSpan span; // 2 segments, 7 + 5 = 12 tokens of width 16

  @BeforeAll
  static void load() throws IOException {
    backend =
        LocalBackend.load(
            TestModels.llava(dir.resolve("llava")), RuntimeConfig.cpu(), "tiny-llava");
    StreamMemory memory = new StreamMemory(MemoryLimits.defaults(), System::currentTimeMillis);
    memory.add(
        TestSegments.segment("cam-1", 0, 7, TestModels.VISUAL_DIM, 1), System.currentTimeMillis());
    memory.add(
        TestSegments.segment("cam-1", 1, 5, TestModels.VISUAL_DIM, 1), System.currentTimeMillis());
    span = memory.window("cam-1", OptionalDouble.empty()).orElseThrow();
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static Answer ask(double ratio, int maxTokens) {
    return backend.answer(
        new Question.Video(ASK, span, new InnerMergeSettings(2, ratio, 5)),
        GenerationParams.greedy(maxTokens),
        TextSink.IGNORE);
  }

  @Test
  void theVisualSpanSitsAtTheStartOfTheLastUserMessage() {
    SpanPrompt p =
        SpanPrompt.split(backend.runtime().tokenizer(), ASK, SpanPrompt.VISUAL_SEPARATOR);
    // ChatML: <|im_start|>user\n [visual] \nwhat moved?<|im_end|>\n<|im_start|>assistant\n
    assertThat(backend.runtime().tokenizer().decode(p.head())).isEqualTo("user\n");
    assertThat(backend.runtime().tokenizer().decode(p.tail()))
        .isEqualTo("\nwhat moved?\nassistant\n");
    assertThat(p.head()[0]).isEqualTo(258); // <|im_start|>, no BOS: the template adds none
  }

  @Test
  void theKvCacheShrinksByTheMergedCount() {
    Answer none = ask(0, 1);
    assertThat(none.innerMergedTokens()).isZero();
    assertThat(none.kvCacheLength()).isEqualTo(none.promptTokens());
    for (double r : new double[] {0.25, 0.5, 0.75}) {
      Answer a = ask(r, 1);
      int expected = 12 - (int) Math.rint(12 * (1 - r));
      assertThat(a.innerMergedTokens()).as("r=%s", r).isEqualTo(expected);
      assertThat(a.promptTokens()).isEqualTo(none.promptTokens());
      assertThat(a.kvCacheLength()).as("r=%s", r).isEqualTo(none.promptTokens() - expected);
    }
  }

  @Test
  void ratioZeroAnswersExactlyAsNoMerge() throws IOException {
    Answer merged = ask(0, 10);

    // the same prompt built by hand and generated with no merge at all
    ModelRuntime rt = backend.runtime();
    SpanPrompt p = SpanPrompt.split(rt.tokenizer(), ASK, SpanPrompt.VISUAL_SEPARATOR);
    float[] embedded;
    try (VisionProjector projector =
        VisionProjector.load(rt.dir(), rt.config(), ai.djl.Device.cpu()).orElseThrow()) {
      embedded = projector.project(span.rows(), span.count());
    }
    Prompt prompt =
        Prompt.builder()
            .tokens(p.head())
            .embeddings(embedded, span.count(), rt.config().hiddenSize())
            .tokens(p.tail())
            .build();
    GenerationResult plain =
        rt.generator()
            .generate(
                GenerationRequest.of(
                    prompt, SamplingOptions.GREEDY, Set.copyOf(rt.config().eosTokenIds()), 10),
                TokenListener.IGNORE);
    assertThat(merged.completionTokens()).isEqualTo(plain.tokens().length);
    assertThat(merged.text()).isEqualTo(rt.tokenizer().decode(plain.tokens()));
    assertThat(merged.kvCacheLength()).isEqualTo(plain.kvCacheLength());
  }
}
