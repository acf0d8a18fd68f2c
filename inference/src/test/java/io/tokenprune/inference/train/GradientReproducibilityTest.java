package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ModelWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The training loss's gradients do not change when the garbage collector runs between the forward
 * and the backward pass. They did: DJL turns a Java Number operand into a tensor over a direct
 * buffer released as soon as the op returns, and ops whose backward reads that operand (the
 * RMSNorm's pow, the attention scale, the loss weights) read freed memory, which showed up as
 * sporadic NaN gradients in layer 0 during training.
 */
class GradientReproducibilityTest {
  @Test
  void gradientsSurviveAGarbageCollectionBeforeBackward() {
    ModelConfig config =
        ModelConfig.builder()
            .vocabSize(CorpusFixture.VOCAB)
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(3)
            .numHeads(4)
            .numKvHeads(2)
            .tieWordEmbeddings(true)
            .build();
    RetrievalCorpus corpus = CorpusFixture.corpus();
    SplittableRandom random = new SplittableRandom(2);
    List<RetrievalSample> batch =
        List.of(corpus.training(200, random), corpus.training(200, random));
    List<CompactedView> views = List.of(CompactedView.of(batch.get(0), 0, 40, false, random));
    TrainConfig.Objective objective =
        new TrainConfig.Objective(1.0, 1, 0.5, List.of(1, 2), 0.5, 0, 2, 1.0, 3, 0.3, 0);
    try (NDManager base = NDManager.newBaseManager()) {
      ModelWeights weights = ParameterInit.create(config, 1, base);
      RetrievalLoss loss = new RetrievalLoss(new LlamaModel(weights), objective);
      NDList params = weights.parameters();
      float[][] reference = gradients(base, loss, batch, views, params, false);
      for (int run = 0; run < 3; run++) {
        float[][] again = gradients(base, loss, batch, views, params, true);
        for (int i = 0; i < reference.length; i++) {
          assertThat(again[i]).as("gradient %d, run %d", i, run).containsExactly(reference[i]);
        }
      }
    }
  }

  private static float[][] gradients(
      NDManager base,
      RetrievalLoss loss,
      List<RetrievalSample> batch,
      List<CompactedView> views,
      NDList params,
      boolean collectInBetween) {
    try (NDManager scope = base.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      RetrievalLoss.Terms terms = loss.compute(scope, batch, views);
      if (collectInBetween) {
        System.gc();
        // reuse freed direct memory with NaNs, as later allocations would
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, Float.NaN);
          junk.add(b);
        }
      }
      gc.backward(terms.total());
    }
    float[][] out = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      try (NDArray g = params.get(i).getGradient()) {
        out[i] = g.toFloatArray();
        g.set(new NDIndex("..."), 0f);
      }
    }
    return out;
  }
}
