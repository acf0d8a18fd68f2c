package io.tokenprune.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.NaiveLlama;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.TensorSpec;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The NDArray decoder against the float-loop reference, per architecture. */
class LlamaForwardTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir Path dir;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("llama, GQA", TinyModels.llama()),
        Arguments.of("qwen2, q/k/v bias, tied", TinyModels.qwen2()),
        Arguments.of("mistral, one kv head", TinyModels.mistral()),
        Arguments.of("llama3 rope scaling", TinyModels.llama3Scaled()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void logitsMatchTheNaiveReference(String name, ModelConfig config) throws Exception {
    TinyModels.write(config, dir);
    NaiveLlama naive = NaiveLlama.load(dir);
    int[] ids = TinyModels.randomIds(13, 3);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu());
        NDManager m = rt.model().newRequestManager()) {
      NDArray logits = rt.model().forward(m.create(toLongs(ids), new Shape(1, ids.length)));
      assertThat(logits.getShape()).isEqualTo(new Shape(1, ids.length, config.vocabSize()));
      assertClose(logits.toFloatArray(), naive.logits(ids));
    }
  }

  @Test
  void qwen2BiasesChangeTheOutput() throws Exception {
    // the bias path is live: zeroing the biases in the reference moves the logits
    TinyModels.write(TinyModels.qwen2(), dir);
    NaiveLlama naive = NaiveLlama.load(dir);
    int[] ids = TinyModels.randomIds(9, 4);
    double[][] with = naive.logits(ids);
    for (int l = 0; l < naive.c.numLayers(); l++) {
      naive.poison("model.layers." + l + ".self_attn.q_proj.bias", 0);
      naive.poison("model.layers." + l + ".self_attn.k_proj.bias", 0);
      naive.poison("model.layers." + l + ".self_attn.v_proj.bias", 0);
    }
    assertThat(maxDiff(with, naive.logits(ids))).isGreaterThan(1e-2);
  }

  @Test
  void llama3ScalingChangesTheOutput() throws Exception {
    Path plain = dir.resolve("plain");
    Path scaled = dir.resolve("scaled");
    TinyModels.write(
        TinyModels.llama3Scaled().toBuilder()
            .ropeScaling(io.tokenprune.inference.model.RopeScaling.NONE)
            .build(),
        plain);
    TinyModels.write(TinyModels.llama3Scaled(), scaled);
    int[] ids = TinyModels.randomIds(12, 5);
    int[] far = {0, 40, 80, 120, 160, 200, 240, 280, 320, 360, 400, 440};
    assertThat(
            maxDiff(
                NaiveLlama.load(plain).logits(ids, far), NaiveLlama.load(scaled).logits(ids, far)))
        .isGreaterThan(1e-3);
  }

  @Test
  void explicitPositionIdsReachRope() throws Exception {
    TinyModels.write(TinyModels.llama3Scaled(), dir);
    NaiveLlama naive = NaiveLlama.load(dir);
    int[] ids = TinyModels.randomIds(8, 6);
    int[] positions = {0, 3, 4, 9, 57, 58, 200, 1000};
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      float[] got =
          rt.generator()
              .promptLogits(
                  Prompt.builder().tokens(ids).positions(positions).build(), Optional.empty());
      double[][] want = naive.logits(ids, positions);
      assertClose(got, new double[][] {want[ids.length - 1]});
      float[] contiguous = rt.generator().promptLogits(Prompt.ofTokens(ids), Optional.empty());
      assertThat(maxDiff(got, contiguous)).isGreaterThan(1e-3);
    }
  }

  @Test
  void embeddingRowsStandInForTokens() throws Exception {
    TinyModels.write(TinyModels.llama(), dir);
    NaiveLlama naive = NaiveLlama.load(dir);
    int[] ids = TinyModels.randomIds(10, 7);
    int d = naive.c.hiddenSize();
    float[] table = naive.tensor(TensorSpec.EMBED);
    float[] rows = new float[4 * d];
    for (int i = 0; i < 4; i++) {
      System.arraycopy(table, ids[3 + i] * d, rows, i * d, d);
    }
    Prompt mixed =
        Prompt.builder()
            .tokens(java.util.Arrays.copyOfRange(ids, 0, 3))
            .embeddings(rows, 4, d)
            .tokens(java.util.Arrays.copyOfRange(ids, 7, 10))
            .build();
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      float[] viaRows = rt.generator().promptLogits(mixed, Optional.empty());
      float[] viaIds = rt.generator().promptLogits(Prompt.ofTokens(ids), Optional.empty());
      assertThat(viaRows).containsExactly(viaIds);
      assertThat(mixed.offsetOf(1)).isEqualTo(3);
    }
  }

  static void assertClose(float[] got, double[][] want) {
    int v = want[0].length;
    double scale = 0;
    for (double[] row : want) {
      for (double x : row) {
        scale = Math.max(scale, Math.abs(x));
      }
    }
    assertThat(scale).as("logits large enough for the tolerance to bite").isGreaterThan(0.5);
    assertThat(got).hasSize(want.length * v);
    double worst = 0;
    for (int t = 0; t < want.length; t++) {
      for (int i = 0; i < v; i++) {
        worst = Math.max(worst, Math.abs(got[t * v + i] - want[t][i]));
      }
    }
    assertThat(worst).as("max |djl - naive|").isLessThan(TOLERANCE);
  }

  private static double maxDiff(double[][] a, double[][] b) {
    double worst = 0;
    for (int t = 0; t < a.length; t++) {
      for (int i = 0; i < a[t].length; i++) {
        worst = Math.max(worst, Math.abs(a[t][i] - b[t][i]));
      }
    }
    return worst;
  }

  private static double maxDiff(float[] a, float[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  static long[] toLongs(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }
}
