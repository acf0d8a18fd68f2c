package io.tokenprune.inference.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.NaiveLlama;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.GenerationResult;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.generate.TokenListener;
import io.tokenprune.inference.merge.TokenMerge;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InnerMergeTest {
  private static final int VISUAL = 12;

  @TempDir static Path dir;
  static ModelRuntime rt;
  static NaiveLlama naive;
  static Prompt prompt; // 3 text tokens, 12 visual rows, 5 text tokens
  static float[] visual;

  @BeforeAll
  static void load() throws IOException {
    TinyModels.write(TinyModels.llama(), dir);
    rt = ModelRuntime.load(dir, RuntimeConfig.cpu().withPrefillChunk(4));
    naive = NaiveLlama.load(dir);
    int d = rt.config().hiddenSize();
    visual = gaussian(VISUAL * d, 21);
    prompt =
        Prompt.builder()
            .tokens(TinyModels.randomIds(3, 22))
            .embeddings(visual, VISUAL, d)
            .tokens(TinyModels.randomIds(5, 23))
            .build();
  }

  @AfterAll
  static void close() {
    rt.close();
  }

  @Test
  void ratioZeroIsBitIdenticalToNoMerge() {
    InnerMergeSpec none = new InnerMergeSpec(2, 0.0, 3, VISUAL);
    float[] plain = rt.generator().promptLogits(prompt, Optional.empty());
    float[] merged = rt.generator().promptLogits(prompt, Optional.of(none));
    assertThat(merged).containsExactly(plain);

    GenerationRequest request =
        GenerationRequest.of(prompt, SamplingOptions.sample(1.0, 0.9, 5), Set.of(), 12);
    GenerationResult a = rt.generator().generate(request, TokenListener.IGNORE);
    GenerationResult b =
        rt.generator().generate(request.withInnerMerge(none), TokenListener.IGNORE);
    assertThat(b.tokens()).containsExactly(a.tokens());
    assertThat(b.kvCacheLengths()).containsExactly(a.kvCacheLengths());
    assertThat(b.mergedTokens()).isZero();
  }

  @Test
  void theModelSideMergeEqualsThePureReference() {
    int t = 20;
    int d = 16;
    float[] hidden = gaussian(t * d, 31);
    float[] attention = gaussian(t, 32);
    InnerMergeSpec spec = new InnerMergeSpec(1, 0.4, 5, 11);
    int[] positions = NaiveLlama.range(t);
    positions[19] = 90;
    try (NDManager m = rt.model().newRequestManager()) {
      NDArray x = m.create(hidden, new Shape(1, t, d));
      InnerMerge.Merged got = InnerMerge.apply(x, positions, spec, attention);

      TokenMerge.Result want =
          TokenMerge.merge(
              Arrays.copyOfRange(hidden, 5 * d, 16 * d),
              null,
              11,
              d,
              Arrays.copyOfRange(attention, 5, 16),
              0.4);
      int keep = want.kept().length;
      assertThat(keep).isEqualTo(7);
      assertThat(got.merged()).isEqualTo(4);
      float[] out = got.hidden().toFloatArray();
      assertThat(out).hasSize((t - 4) * d);
      assertThat(Arrays.copyOfRange(out, 0, 5 * d))
          .containsExactly(Arrays.copyOfRange(hidden, 0, 5 * d));
      float[] rows = Arrays.copyOfRange(out, 5 * d, (5 + keep) * d);
      for (int i = 0; i < rows.length; i++) {
        assertThat(rows[i]).isCloseTo(want.tokens()[i], within(1e-6f));
      }
      assertThat(Arrays.copyOfRange(out, (5 + keep) * d, out.length))
          .containsExactly(Arrays.copyOfRange(hidden, 16 * d, t * d));
      int[] expectedPositions = new int[t - 4];
      for (int i = 0; i < 5; i++) {
        expectedPositions[i] = i;
      }
      for (int i = 0; i < keep; i++) {
        expectedPositions[5 + i] = 5 + want.kept()[i];
      }
      System.arraycopy(positions, 16, expectedPositions, 5 + keep, 4);
      assertThat(got.positions()).containsExactly(expectedPositions);
    }
  }

  @Test
  void mergedPrefillMatchesTheNaiveModelMergedByHand() {
    int k = 2;
    double ratio = 0.5;
    int d = rt.config().hiddenSize();
    int t = prompt.length();
    int[] positions = prompt.positions();
    // naive: layers 0..K-1 on the whole prompt, tapping K-1's last-row attention
    double[][] x = naiveEmbed();
    x = naive.layers(x, positions, 0, k - 1);
    NaiveLlama.LayerOut below = naive.layer(k - 1, x, positions);
    float[] span = new float[VISUAL * d];
    float[] attention = new float[VISUAL];
    for (int i = 0; i < VISUAL; i++) {
      attention[i] = (float) below.lastRowAttention()[3 + i];
      for (int j = 0; j < d; j++) {
        span[i * d + j] = (float) below.x()[3 + i][j];
      }
    }
    TokenMerge.Result r = TokenMerge.merge(span, null, VISUAL, d, attention, ratio);
    int keep = r.kept().length;
    double[][] merged = new double[t - VISUAL + keep][];
    int[] mergedPositions = new int[merged.length];
    for (int i = 0; i < 3; i++) {
      merged[i] = below.x()[i];
      mergedPositions[i] = positions[i];
    }
    for (int i = 0; i < keep; i++) {
      merged[3 + i] = new double[d];
      for (int j = 0; j < d; j++) {
        merged[3 + i][j] = r.tokens()[i * d + j];
      }
      mergedPositions[3 + i] = positions[3 + r.kept()[i]];
    }
    for (int i = 3 + VISUAL; i < t; i++) {
      merged[i - VISUAL + keep] = below.x()[i];
      mergedPositions[i - VISUAL + keep] = positions[i];
    }
    double[][] top = naive.layers(merged, mergedPositions, k, rt.config().numLayers());
    double[] want = naive.logits(new double[][] {top[top.length - 1]})[0];

    float[] got =
        rt.generator().promptLogits(prompt, Optional.of(new InnerMergeSpec(k, ratio, 3, VISUAL)));
    float[] unmerged = rt.generator().promptLogits(prompt, Optional.empty());
    double worst = 0;
    double moved = 0;
    for (int i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - want[i]));
      moved = Math.max(moved, Math.abs(unmerged[i] - want[i]));
    }
    assertThat(worst).isLessThan(1e-4);
    assertThat(moved).as("the merge changes the output").isGreaterThan(1e-3);
  }

  @Test
  void theKvCacheOfLayersFromKOnHoldsOnlyTheKeptTokens() {
    GenerationRequest request =
        GenerationRequest.of(prompt, SamplingOptions.GREEDY, Set.of(), 4)
            .withInnerMerge(new InnerMergeSpec(1, 0.5, 3, VISUAL));
    GenerationResult r = rt.generator().generate(request, TokenListener.IGNORE);
    int t = prompt.length();
    assertThat(r.tokens()).hasSize(4);
    assertThat(r.mergedTokens()).isEqualTo(6);
    // the last sampled token is never fed back, so 3 decode steps are cached
    assertThat(r.kvCacheLengths()).containsExactly(t + 3, t - 6 + 3, t - 6 + 3);
    assertThat(r.kvCacheLength()).isEqualTo(t - 3);
  }

  @Test
  void rejectsSpansThatReachTheLastInputAndLayersOutsideTheModel() {
    assertThatThrownBy(
            () ->
                rt.generator()
                    .promptLogits(
                        prompt, Optional.of(new InnerMergeSpec(1, 0.5, 10, prompt.length() - 10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must end before the prompt's last input");
    assertThatThrownBy(
            () ->
                rt.generator()
                    .promptLogits(prompt, Optional.of(new InnerMergeSpec(3, 0.5, 3, VISUAL))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge layer 3");
    assertThatThrownBy(() -> new InnerMergeSpec(0, 0.5, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InnerMergeSpec(1, 1.0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double[][] naiveEmbed() {
    int d = rt.config().hiddenSize();
    Prompt.Tokens head = (Prompt.Tokens) prompt.segments().get(0);
    Prompt.Tokens tail = (Prompt.Tokens) prompt.segments().get(2);
    double[][] a = naive.embed(head.ids());
    double[][] b = naive.embed(tail.ids());
    double[][] x = new double[prompt.length()][];
    System.arraycopy(a, 0, x, 0, 3);
    for (int i = 0; i < VISUAL; i++) {
      x[3 + i] = new double[d];
      for (int j = 0; j < d; j++) {
        x[3 + i][j] = visual[i * d + j];
      }
    }
    System.arraycopy(b, 0, x, 3 + VISUAL, 5);
    return x;
  }

  private static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
