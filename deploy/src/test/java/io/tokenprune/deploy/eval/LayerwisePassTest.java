package io.tokenprune.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-pass shortcut of the needle eval equals the runtime's filter and generator. */
class LayerwisePassTest {
  @TempDir Path dir;

  @Test
  void everyLayersScoresAndTheAnswerMatchTheRuntime() throws Exception {
    ModelConfig config =
        ModelConfig.builder()
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(4)
            .numHeads(4)
            .numKvHeads(2)
            .build();
    Path model = TinyCheckpoint.of(config).seed(5).write(dir.resolve("m"));
    int[] prompt = new Random(3).ints(300, 0, 256).toArray();
    try (ModelRuntime rt =
        ModelRuntime.load(model, new RuntimeConfig(RuntimeConfig.cpu().device(), 64))) {
      LayerwisePass pass = LayerwisePass.run(rt.model(), 64, prompt, 257, 6);
      for (int layer = 0; layer < config.numLayers(); layer++) {
        float[] expected = rt.filter().scores(prompt, layer);
        float[] actual = pass.scores()[layer];
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i])
              .as("layer %d position %d", layer, i)
              .isCloseTo(expected[i], within(1e-3f + 1e-4f * Math.abs(expected[i])));
        }
      }
      int[] generated =
          rt.generator()
              .generate(
                  GenerationRequest.of(
                      Prompt.ofTokens(prompt), SamplingOptions.GREEDY, Set.of(257), 6),
                  t -> true)
              .tokens();
      assertThat(pass.answer()).containsExactly(generated);
    }
  }
}
