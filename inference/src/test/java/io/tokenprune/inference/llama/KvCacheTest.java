package io.tokenprune.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.NaiveLlama;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KvCacheTest {
  /** Float32 rounding on logits of magnitude ~5, from different summation orders. */
  private static final double TOLERANCE = 1e-4;

  @TempDir static Path dir;
  static ModelRuntime rt;
  static LlamaModel model;

  @BeforeAll
  static void load() throws IOException {
    TinyModels.write(TinyModels.qwen2(), dir);
    rt = ModelRuntime.load(dir, RuntimeConfig.cpu());
    model = rt.model();
  }

  @AfterAll
  static void close() {
    rt.close();
  }

  @Test
  void decodingWithTheCacheEqualsFullRecompute() {
    int[] ids = TinyModels.randomIds(20, 1);
    int layers = model.config().numLayers();
    int v = model.config().vocabSize();
    try (NDManager m = model.newRequestManager()) {
      float[] full = model.forward(ids(m, ids)).toFloatArray(); // [20 * V]
      KvCache cache = new KvCache(layers, m); // no reserve: exercises regrowth
      int prompt = 6;
      NDArray h =
          model
              .runLayers(
                  model.embed(m, Arrays.copyOf(ids, prompt)),
                  NaiveLlama.range(prompt),
                  0,
                  layers,
                  cache,
                  4,
                  -1)
              .hidden();
      assertRowClose(model.logits(h).toFloatArray(), prompt - 1, prompt - 1, full, v);
      for (int t = prompt; t < ids.length; t++) {
        NDArray step =
            model
                .runLayers(
                    model.embed(m, new int[] {ids[t]}), new int[] {t}, 0, layers, cache, 1, -1)
                .hidden();
        assertRowClose(model.logits(step).toFloatArray(), 0, t, full, v);
      }
      assertThat(cache.lengths()).containsOnly(ids.length);
    }
  }

  @ParameterizedTest(name = "chunk {0}")
  @ValueSource(ints = {1, 3, 7, 64})
  void chunkedPrefillEqualsOneShot(int chunk) {
    int[] ids = TinyModels.randomIds(17, 2);
    int layers = model.config().numLayers();
    try (NDManager m = model.newRequestManager()) {
      float[] oneShot = model.forward(ids(m, ids)).toFloatArray();
      KvCache cache = new KvCache(layers, m);
      NDArray h =
          model
              .runLayers(
                  model.embed(m, ids), NaiveLlama.range(ids.length), 0, layers, cache, chunk, -1)
              .hidden();
      float[] chunked = model.logits(h).toFloatArray();
      assertThat(maxDiff(chunked, oneShot)).isLessThan(TOLERANCE);
    }
  }

  @Test
  void aForkNeverWritesItsParent() {
    try (NDManager m = model.newRequestManager()) {
      KvCache parent = new KvCache(1, m);
      parent.append(0, ones(m, 3, 1f), ones(m, 3, 2f), m);
      NDList before = parent.append(0, ones(m, 2, 3f), ones(m, 2, 4f), m);
      float[] parentKeys = before.get(0).toFloatArray();

      try (NDManager child = model.newRequestManager()) {
        KvCache fork = parent.fork(child);
        NDList grown = fork.append(0, ones(child, 4, 9f), ones(child, 4, 9f), child);
        assertThat(fork.length(0)).isEqualTo(9);
        assertThat(grown.get(0).get(new NDIndex(":, :, :5")).toFloatArray())
            .containsExactly(parentKeys);
        assertThat(grown.get(0).get(new NDIndex(":, :, 5:")).toFloatArray()).containsOnly(9f);
      }
      assertThat(parent.length(0)).isEqualTo(5);
      NDList after = parent.append(0, ones(m, 1, 5f), ones(m, 1, 5f), m);
      assertThat(after.get(0).get(new NDIndex(":, :, :5")).toFloatArray())
          .containsExactly(parentKeys);
      assertThat(after.get(0).get(new NDIndex(":, :, 5:")).toFloatArray()).containsOnly(5f);
    }
  }

  /** [1, Hkv=2, t, d=4] filled with a value. */
  private static NDArray ones(NDManager m, int t, float value) {
    return m.full(new Shape(1, 2, t, 4), value);
  }

  private static NDArray ids(NDManager m, int[] ids) {
    return m.create(LlamaForwardTest.toLongs(ids), new Shape(1, ids.length));
  }

  private static void assertRowClose(float[] got, int gotRow, int wantRow, float[] want, int v) {
    double worst = 0;
    for (int i = 0; i < v; i++) {
      worst = Math.max(worst, Math.abs(got[gotRow * v + i] - want[wantRow * v + i]));
    }
    assertThat(worst).as("position %d", wantRow).isLessThan(TOLERANCE);
  }

  private static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
