package io.tokenprune.inference.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  @TempDir Path dir;

  @Test
  void greedyDecodingFollowsTheArgmaxOfAFullRecompute() throws Exception {
    TinyModels.write(TinyModels.llama(), dir);
    int[] prompt = TinyModels.randomIds(7, 1);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu().withPrefillChunk(3))) {
      List<Integer> streamed = new ArrayList<>();
      GenerationResult r =
          rt.generator()
              .generate(
                  GenerationRequest.of(
                      Prompt.ofTokens(prompt), SamplingOptions.GREEDY, Set.of(), 8),
                  id -> streamed.add(id));
      assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
      assertThat(r.tokens()).hasSize(8);
      assertThat(streamed)
          .containsExactly(Arrays.stream(r.tokens()).boxed().toArray(Integer[]::new));
      assertThat(r.promptTokens()).isEqualTo(7);
      assertThat(r.kvCacheLengths()).containsOnly(7 + 7);
      int[] seq = prompt;
      for (int token : r.tokens()) {
        assertThat(token).isEqualTo(argmaxOfLast(rt.model(), seq));
        seq = append(seq, token);
      }
    }
  }

  @Test
  void stopTokensBudgetsAndCancellationEndGeneration() throws Exception {
    TinyModels.write(TinyModels.llama(), dir);
    Prompt prompt = Prompt.ofTokens(TinyModels.randomIds(6, 2));
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      Generator g = rt.generator();
      int[] free =
          g.generate(
                  GenerationRequest.of(prompt, SamplingOptions.GREEDY, Set.of(), 6),
                  TokenListener.IGNORE)
              .tokens();
      int stopAt = firstIndexNotRepeatedBefore(free);
      GenerationResult stopped =
          g.generate(
              GenerationRequest.of(prompt, SamplingOptions.GREEDY, Set.of(free[stopAt]), 6),
              TokenListener.IGNORE);
      assertThat(stopped.stopReason()).isEqualTo(StopReason.STOP_TOKEN);
      assertThat(stopped.tokens()).containsExactly(Arrays.copyOf(free, stopAt));

      GenerationResult none =
          g.generate(
              GenerationRequest.of(prompt, SamplingOptions.GREEDY, Set.of(), 0),
              TokenListener.IGNORE);
      assertThat(none.tokens()).isEmpty();
      assertThat(none.kvCacheLengths()).containsOnly(6);

      int[] count = {0};
      GenerationResult cancelled =
          g.generate(
              GenerationRequest.of(prompt, SamplingOptions.GREEDY, Set.of(), 6),
              id -> ++count[0] < 3);
      assertThat(cancelled.stopReason()).isEqualTo(StopReason.CANCELLED);
      assertThat(cancelled.tokens()).containsExactly(Arrays.copyOf(free, 3));
    }
  }

  @Test
  void generationStopsAtTheContextLimit() throws Exception {
    TinyModels.write(TinyModels.llama().toBuilder().maxPositionEmbeddings(16).build(), dir);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      GenerationResult r =
          rt.generator()
              .generate(
                  GenerationRequest.of(
                      Prompt.ofTokens(TinyModels.randomIds(10, 3)),
                      SamplingOptions.GREEDY,
                      Set.of(),
                      50),
                  TokenListener.IGNORE);
      assertThat(r.stopReason()).isEqualTo(StopReason.CONTEXT_FULL);
      // positions 10..15 are fed back, so 7 tokens come out
      assertThat(r.tokens()).hasSize(7);
      assertThat(r.kvCacheLengths()).containsOnly(16);
    }
  }

  @Test
  void seededSamplingIsReproducible() throws Exception {
    TinyModels.write(TinyModels.qwen2(), dir);
    Prompt prompt = Prompt.ofTokens(TinyModels.randomIds(5, 4));
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      int[] a = sample(rt, prompt, 9);
      assertThat(sample(rt, prompt, 9)).containsExactly(a);
      assertThat(sample(rt, prompt, 10)).isNotEqualTo(a);
    }
  }

  @Test
  void badPromptsAreRejectedWithTheReason() throws Exception {
    ModelConfig config = TinyModels.mistral().toBuilder().slidingWindow(12).build();
    TinyModels.write(config, dir);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      Generator g = rt.generator();
      assertThatThrownBy(() -> g.promptLogits(Prompt.ofTokens(1, 999), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("token id 999 at index 1");
      assertThatThrownBy(
              () ->
                  g.promptLogits(
                      Prompt.builder().embeddings(new float[8], 1, 8).tokens(1).build(),
                      Optional.empty()))
          .hasMessageContaining("embedding rows have dim 8");
      assertThatThrownBy(
              () ->
                  g.promptLogits(
                      Prompt.builder().tokens(1, 2).positions(0, 5000).build(), Optional.empty()))
          .hasMessageContaining("position id 5000");
      assertThatThrownBy(
              () ->
                  g.generate(
                      GenerationRequest.of(
                          Prompt.ofTokens(TinyModels.randomIds(10, 5)),
                          SamplingOptions.GREEDY,
                          Set.of(),
                          5),
                      TokenListener.IGNORE))
          .hasMessageContaining("sliding_window 12");
      assertThatThrownBy(() -> Prompt.builder().build()).hasMessageContaining("at least one input");
      assertThatThrownBy(() -> Prompt.builder().tokens(1, 2).positions(0).build())
          .hasMessageContaining("1 position ids for 2 inputs");
    }
  }

  private static int[] sample(ModelRuntime rt, Prompt prompt, long seed) {
    return rt.generator()
        .generate(
            GenerationRequest.of(prompt, SamplingOptions.sample(4.0, 1.0, seed), Set.of(), 24),
            TokenListener.IGNORE)
        .tokens();
  }

  private static int argmaxOfLast(LlamaModel model, int[] ids) {
    try (NDManager m = model.newRequestManager()) {
      long[] longs = Arrays.stream(ids).asLongStream().toArray();
      return (int)
          model
              .forward(m.create(longs, new Shape(1, ids.length)))
              .get(0, ids.length - 1)
              .argMax()
              .getLong();
    }
  }

  private static int firstIndexNotRepeatedBefore(int[] tokens) {
    for (int i = 1; i < tokens.length; i++) {
      final int t = tokens[i];
      if (Arrays.stream(tokens, 0, i).noneMatch(x -> x == t)) {
        return i;
      }
    }
    return 0;
  }

  private static int[] append(int[] a, int x) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = x;
    return out;
  }
}
