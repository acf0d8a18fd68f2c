package io.tokenprune.deploy.bench;

import ai.djl.Device;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.GenerationResult;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.generate.TokenListener;
import io.tokenprune.inference.hooks.InnerMergeSpec;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ProjectorConfig;
import io.tokenprune.inference.model.VisionProjector;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Prefill time of a visual question with and without the inner merge: a LLaVA-style model (the
 * bundled model's decoder shape, with an mlp2x_gelu projector from the reducer's 256-wide tokens),
 * a span of Nv projected visual tokens between a short head and question, prefilled with no merge
 * and with the merge at layer K for each ratio r. Weights are random: time does not depend on them.
 */
public final class InnerMergeBench implements AutoCloseable {
  /** Width of the reducer's compact tokens (PatchEncoder's default dim). */
  public static final int VISUAL_DIM = 256;

  /** Prefill times of one setting. */
  public record Row(double ratio, int prompt, int kept, int kvLength, double[] prefillMs) {
    public double median() {
      double[] s = prefillMs.clone();
      Arrays.sort(s);
      return s[s.length / 2];
    }
  }

  private final ModelRuntime runtime;
  private final float[] visual; // [nv, hidden], projected
  private final int nv;
  private final int[] head;
  private final int[] tail;

  private InnerMergeBench(ModelRuntime runtime, float[] visual, int nv, int[] head, int[] tail) {
    this.runtime = runtime;
    this.visual = visual;
    this.nv = nv;
    this.head = head;
    this.tail = tail;
  }

  /** The bundled model's decoder shape (8 layers, hidden 128) with a projector and room for 8k. */
  public static ModelConfig decoder() {
    return ModelConfig.builder()
        .vocabSize(1536)
        .hiddenSize(128)
        .intermediateSize(384)
        .numLayers(8)
        .numHeads(4)
        .numKvHeads(2)
        .tieWordEmbeddings(true)
        .maxPositionEmbeddings(16_384)
        .build();
  }

  /** Writes the LLaVA-style model to {@code dir}, projects {@code nv} random visual tokens. */
  public static InnerMergeBench create(Path dir, int nv) throws IOException {
    ModelConfig c = decoder();
    TinyCheckpoint.of(c)
        .seed(17)
        .visionProjector(ProjectorConfig.mlp2xGelu(VISUAL_DIM, c.hiddenSize()))
        .write(dir);
    ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu());
    try (VisionProjector p = VisionProjector.load(dir, c, Device.cpu()).orElseThrow()) {
      Random r = new Random(5);
      float[] tokens = new float[nv * VISUAL_DIM];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = (float) r.nextGaussian();
      }
      int[] head = rt.tokenizer().encode("A camera watched the yard.\n");
      int[] question = rt.tokenizer().encode("\nWhat moved in the yard?\n");
      int[] tail = Arrays.copyOfRange(question, 1, question.length); // without the BOS
      return new InnerMergeBench(rt, p.project(tokens, nv), nv, head, tail);
    } catch (IOException | RuntimeException e) {
      rt.close();
      throw e;
    }
  }

  public int layers() {
    return runtime.config().numLayers();
  }

  /**
   * @param ratio 0 for a prefill without any merge
   */
  public Row measure(int layer, double ratio, int reps) {
    Prompt prompt =
        Prompt.builder()
            .tokens(head)
            .embeddings(visual, nv, runtime.config().hiddenSize())
            .tokens(tail)
            .build();
    GenerationRequest request = GenerationRequest.of(prompt, SamplingOptions.GREEDY, Set.of(), 1);
    Optional<InnerMergeSpec> merge =
        ratio == 0
            ? Optional.empty()
            : Optional.of(new InnerMergeSpec(layer, ratio, head.length, nv));
    if (merge.isPresent()) {
      request = request.withInnerMerge(merge.get());
    }
    runtime.generator().generate(request, TokenListener.IGNORE); // warm-up
    double[] ms = new double[reps];
    GenerationResult last = null;
    for (int i = 0; i < reps; i++) {
      last = runtime.generator().generate(request, TokenListener.IGNORE);
      ms[i] = last.prefillNanos() / 1e6;
    }
    return new Row(ratio, prompt.length(), nv - last.mergedTokens(), last.kvCacheLength(), ms);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
