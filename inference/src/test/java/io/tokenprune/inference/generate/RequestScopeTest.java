package io.tokenprune.inference.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.hooks.FilterPrefix;
import io.tokenprune.inference.hooks.InnerMergeSpec;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request's NDArrays die with the request. */
class RequestScopeTest {
  @TempDir Path dir;

  @Test
  void liveArraysAreUnchangedAfterAHundredRequests() throws Exception {
    // small and cheap: 100 requests must stay a few seconds even on a busy 2-core machine
    TinyModels.write(TinyModels.qwen2().toBuilder().numLayers(2).build(), dir);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu().withPrefillChunk(6))) {
      NDManager weights = rt.model().weights().manager();
      int before = weights.getManagedArrays().size();
      assertThat(before).isEqualTo(rt.model().weights().named().size());
      int d = rt.config().hiddenSize();
      float[] visual = new float[4 * d];
      Random random = new Random(1);
      for (int i = 0; i < visual.length; i++) {
        visual[i] = (float) random.nextGaussian();
      }
      Prompt prompt =
          Prompt.builder()
              .tokens(1, 2)
              .embeddings(visual, 4, d)
              .tokens(TinyModels.randomIds(3, 2))
              .build();
      for (int i = 0; i < 100; i++) {
        switch (i % 4) {
          case 0 ->
              rt.generator()
                  .generate(
                      GenerationRequest.of(prompt, SamplingOptions.sample(1, 0.9, i), Set.of(), 3)
                          .withInnerMerge(new InnerMergeSpec(1, 0.5, 2, 4)),
                      TokenListener.IGNORE);
          case 1 -> rt.filter().scores(TinyModels.randomIds(10, i), 1);
          case 2 -> {
            try (FilterPrefix prefix = rt.filter().encodePrefix(TinyModels.randomIds(8, i), 1)) {
              rt.filter().scores(prefix, TinyModels.randomIds(3, i + 1));
            }
          }
          default -> rt.generator().promptLogits(prompt, Optional.empty());
        }
      }
      assertThat(weights.getManagedArrays()).hasSize(before);
    }
  }
}
