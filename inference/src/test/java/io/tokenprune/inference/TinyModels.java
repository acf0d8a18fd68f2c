package io.tokenprune.inference;

import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.Architecture;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.RopeScaling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Tiny configs shared by the tests: d = 8, 4 query heads over 2 key/value heads. */
public final class TinyModels {
  private TinyModels() {}

  public static ModelConfig llama() {
    return ModelConfig.builder()
        .architecture(Architecture.LLAMA)
        .hiddenSize(32)
        .intermediateSize(48)
        .numLayers(3)
        .numHeads(4)
        .numKvHeads(2)
        .build();
  }

  /** Qwen2: q/k/v biases, tied embeddings, a large rope theta. */
  public static ModelConfig qwen2() {
    return llama().toBuilder()
        .architecture(Architecture.QWEN2)
        .qkvBias(true)
        .tieWordEmbeddings(true)
        .ropeTheta(1_000_000)
        .rmsNormEps(1e-6)
        .build();
  }

  public static ModelConfig mistral() {
    return llama().toBuilder().architecture(Architecture.MISTRAL).numKvHeads(1).build();
  }

  /** Llama 3.1-style scaling with a short original context, so it matters at small positions. */
  public static ModelConfig llama3Scaled() {
    return llama().toBuilder()
        .ropeTheta(500_000)
        .ropeScaling(RopeScaling.llama3(8, 1, 4, 64))
        .eosTokenIds(java.util.List.of(257, 259))
        .build();
  }

  public static Path write(ModelConfig config, Path dir) throws IOException {
    return TinyCheckpoint.of(config).seed(11).write(dir);
  }

  /** n ids in [0, 256): byte tokens. */
  public static int[] randomIds(int n, long seed) {
    Random r = new Random(seed);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = r.nextInt(256);
    }
    return ids;
  }
}
