package io.tokenprune.inference.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.inference.NaiveLlama;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.ConfigJson;
import io.tokenprune.inference.model.LayerTensor;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.TensorSpec;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlyLayerFilterTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "layer {0}")
  @ValueSource(ints = {0, 1, 2})
  void scoresMatchTheNaiveDefinition(int layer) throws Exception {
    TinyModels.write(TinyModels.qwen2(), dir);
    NaiveLlama naive = NaiveLlama.load(dir);
    int[] ids = TinyModels.randomIds(21, 8);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu().withPrefillChunk(5))) {
      assertClose(rt.filter().scores(ids, layer), naive.filterScores(ids, layer));
    }
  }

  @Test
  void noLayerAboveTheFilterLayerRuns() throws Exception {
    ModelConfig config = TinyModels.llama().toBuilder().numLayers(5).build();
    TinyModels.write(config, dir);
    List<Integer> seen = new ArrayList<>();
    int[] ids = TinyModels.randomIds(30, 9);
    try (ModelRuntime rt =
        ModelRuntime.load(
            dir, RuntimeConfig.cpu().withPrefillChunk(8), (l, tokens) -> seen.add(l))) {
      rt.filter().scores(ids, 1);
    }
    // 4 chunks through layer 0, then one scoring pass at layer 1
    assertThat(seen).containsExactly(0, 0, 0, 0, 1);
  }

  @Test
  void weightsAboveTheFilterLayerAreNeverRead() throws Exception {
    ModelConfig config = TinyModels.llama().toBuilder().numLayers(4).build();
    int layer = 1;
    Path clean = TinyModels.write(config, dir.resolve("clean"));
    // NaN everywhere the filter must not look: layers above L, the parts of L after q/k, the head
    Path poisoned = dir.resolve("poisoned");
    ConfigJson.write(config, poisoned);
    Set<LayerTensor> usedAtL = Set.of(LayerTensor.INPUT_NORM, LayerTensor.Q, LayerTensor.K);
    List<TensorData> tensors = new ArrayList<>();
    for (TensorData t : TinyCheckpoint.of(config).seed(11).tensors()) {
      tensors.add(poisonUnlessUsed(t, config, layer, usedAtL));
    }
    SafetensorsWriter.write(poisoned.resolve("model.safetensors"), tensors);

    int[] ids = TinyModels.randomIds(16, 10);
    float[] want;
    try (ModelRuntime rt = ModelRuntime.load(clean, RuntimeConfig.cpu())) {
      want = rt.filter().scores(ids, layer);
    }
    try (ModelRuntime rt = ModelRuntime.load(poisoned, RuntimeConfig.cpu())) {
      float[] got = rt.filter().scores(ids, layer);
      assertThat(got).containsExactly(want);
      // the poison is real: a full forward through it is NaN
      assertThat(
              rt.generator()
                  .promptLogits(
                      io.tokenprune.inference.generate.Prompt.ofTokens(ids),
                      java.util.Optional.empty()))
          .contains(Float.NaN);
    }
  }

  @Test
  void aCachedPrefixGivesTheScoresOfTheWholePrompt() throws Exception {
    TinyModels.write(TinyModels.qwen2(), dir);
    int[] doc = TinyModels.randomIds(40, 11);
    int[] q1 = TinyModels.randomIds(6, 12);
    int[] q2 = TinyModels.randomIds(9, 13);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu().withPrefillChunk(16))) {
      EarlyLayerFilter filter = rt.filter();
      try (FilterPrefix prefix = filter.encodePrefix(doc, 2)) {
        assertThat(prefix.length()).isEqualTo(40);
        assertThat(prefix.bytes()).isPositive();
        for (int[] q : List.of(q1, q2, q1)) {
          float[] whole = filter.scores(concat(doc, q), 2);
          assertClose(filter.scores(prefix, q), toDouble(whole));
        }
      }
    }
  }

  @Test
  void rejectsLayersOutsideTheModelAndEmptyInput() throws Exception {
    TinyModels.write(TinyModels.llama(), dir);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      assertThatThrownBy(() -> rt.filter().scores(new int[] {1, 2}, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("filter layer 3");
      assertThatThrownBy(() -> rt.filter().scores(new int[0], 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static TensorData poisonUnlessUsed(
      TensorData t, ModelConfig config, int layer, Set<LayerTensor> usedAtL) {
    boolean used = t.name().equals(TensorSpec.EMBED);
    for (int l = 0; l <= layer; l++) {
      for (LayerTensor kind : LayerTensor.values()) {
        if (kind.presentIn(config) && kind.name(l).equals(t.name())) {
          used = l < layer || usedAtL.contains(kind);
        }
      }
    }
    if (used) {
      return t;
    }
    float[] nan = new float[t.values().length];
    Arrays.fill(nan, Float.NaN);
    return new TensorData(t.name(), t.shape(), nan, t.dtype());
  }

  static void assertClose(float[] got, double[] want) {
    assertThat(got).hasSize(want.length);
    double scale = Arrays.stream(want).map(Math::abs).max().orElse(0);
    assertThat(scale).as("scores large enough to compare").isGreaterThan(1);
    for (int i = 0; i < want.length; i++) {
      assertThat((double) got[i])
          .as("position %d", i)
          .isCloseTo(want[i], org.assertj.core.api.Assertions.within(1e-5 * scale));
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
