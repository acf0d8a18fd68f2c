package io.tokenprune.inference.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ModelWeights;
import io.tokenprune.inference.model.RopeFrequencies;
import java.util.Arrays;

/**
 * A Llama-family decoder over loaded weights. Stateless apart from the weights, so one instance
 * serves concurrent requests, each with its own NDManager and {@link KvCache}.
 *
 * <p>{@link #runLayers} runs any range of layers over a sequence in chunks, which bounds prefill
 * memory (attention scores are [H, chunk, Tk], never [H, T, T]) and lets callers stop after layer L
 * (the early-layer filter) or change the sequence between layers K-1 and K (the inner merge).
 */
public final class LlamaModel {
  private final ModelWeights weights;
  private final ModelConfig config;
  private final float[] invFreq; // [d/2]
  private final LayerObserver observer;

  public LlamaModel(ModelWeights weights) {
    this(weights, LayerObserver.NONE);
  }

  public LlamaModel(ModelWeights weights, LayerObserver observer) {
    this.weights = weights;
    this.config = weights.config();
    this.invFreq =
        RopeFrequencies.inverse(config.headDim(), config.ropeTheta(), config.ropeScaling());
    this.observer = observer;
  }

  public ModelConfig config() {
    return config;
  }

  public ModelWeights weights() {
    return weights;
  }

  /** A fresh manager for one request; closing it frees everything the request created. */
  public NDManager newRequestManager() {
    return weights.manager().newSubManager();
  }

  /**
   * @param ids [B, T] int64 token ids
   * @return [B, T, D] embeddings, in ids' manager
   */
  public NDArray embed(NDArray ids) {
    return ids.getNDArrayInternal()
        .embedding(ids, weights.embed(), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /**
   * @return [1, T, D] embeddings of the ids, in the given manager
   * @throws IllegalArgumentException naming the first id outside the vocabulary
   */
  public NDArray embed(NDManager manager, int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "token id "
                + ids[i]
                + " at index "
                + i
                + " is outside [0, "
                + config.vocabSize()
                + ")");
      }
      longs[i] = ids[i];
    }
    return embed(manager.create(longs, new Shape(1, ids.length)));
  }

  /**
   * Runs layers [from, to) over x, chunk by chunk: each chunk passes through every layer of the
   * range before the next starts, attending to the cache plus itself.
   *
   * @param x [B, T, D] input to layer {@code from}; its manager receives the output
   * @param positions [T] position ids, shared by the batch
   * @param cache appended to at every layer of the range; null for a one-shot pass (then the whole
   *     sequence is one chunk)
   * @param chunk tokens per chunk (>= 1)
   * @param tapLayer a layer in the range whose last-row attention to report, or -1
   */
  public StageOutput runLayers(
      NDArray x, int[] positions, int from, int to, KvCache cache, int chunk, int tapLayer) {
    int t = Math.toIntExact(x.getShape().get(1));
    if (positions.length != t) {
      throw new IllegalArgumentException(positions.length + " positions for " + t + " tokens");
    }
    if (from < 0 || to > config.numLayers() || from > to) {
      throw new IllegalArgumentException(
          "layer range [" + from + ", " + to + ") outside [0, " + config.numLayers() + "]");
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
    }
    int step = cache == null ? t : chunk;
    NDManager out = x.getManager();
    NDList parts = new NDList();
    float[] tap = null;
    for (int c0 = 0; c0 < t; c0 += step) {
      int c1 = Math.min(t, c0 + step);
      try (NDManager scope = out.newSubManager()) {
        NDArray h = x.get(scope, new NDIndex(":, {}:{}", c0, c1));
        Rope rope = Rope.of(scope, invFreq, Arrays.copyOfRange(positions, c0, c1));
        NDArray mask = null; // shared by the layers that have the same number of cached tokens
        int maskPast = -1;
        for (int layer = from; layer < to; layer++) {
          observer.onLayer(layer, c1 - c0);
          boolean tapHere = layer == tapLayer && c1 == t;
          NDArray input = h;
          int past = cache == null ? 0 : cache.length(layer);
          if (past != maskPast) {
            mask = causalMask(scope, c1 - c0, past);
            maskPast = past;
          }
          try (NDManager layerScope = scope.newSubManager()) {
            layerScope.tempAttachAll(h);
            DecoderLayer.Output o =
                DecoderLayer.forward(
                    config, weights.layer(layer), layer, h, rope, mask, cache, layerScope, tapHere);
            o.hidden().attach(scope);
            h = o.hidden();
            if (tapHere) {
              tap = o.lastRowAttention();
            }
          }
          if (input != x) {
            input.close(); // the previous layer's output, or the chunk's view of x
          }
        }
        h.attach(out);
        parts.add(h);
      }
    }
    if (parts.size() == 1) {
      return new StageOutput(parts.get(0), tap);
    }
    NDArray hidden = NDArrays.concat(parts, 1);
    parts.close();
    return new StageOutput(hidden, tap);
  }

  /**
   * @return [t, past + t] additive mask: 0 where query i may see key j (j <= past + i), else the
   *     most negative float; null for a single query, which sees everything
   */
  private static NDArray causalMask(NDManager m, int t, int past) {
    if (t == 1) {
      return null;
    }
    NDArray rows = m.arange(past, past + t).reshape(t, 1);
    NDArray cols = m.arange(0, past + t).reshape(1, past + t);
    return cols.gt(rows).toType(DataType.FLOAT32, false).mul(-Float.MAX_VALUE);
  }

  /**
   * Final RMSNorm and LM head.
   *
   * @param hidden [B, T, D]
   * @return [B, T, V] logits, in hidden's manager
   */
  public NDArray logits(NDArray hidden) {
    NDArray normed = DecoderLayer.rmsNorm(hidden, weights.finalNorm(), (float) config.rmsNormEps());
    return DecoderLayer.linear(normed, weights.lmHead(), null);
  }

  /**
   * The plain causal forward, positions 0..T-1, no cache: for training and reference checks.
   *
   * @param ids [B, T] int64
   * @return [B, T, V] logits, in ids' manager
   */
  public NDArray forward(NDArray ids) {
    int t = Math.toIntExact(ids.getShape().get(1));
    int[] positions = new int[t];
    Arrays.setAll(positions, i -> i);
    NDArray hidden = runLayers(embed(ids), positions, 0, config.numLayers(), null, t, -1).hidden();
    return logits(hidden);
  }

  /**
   * The early-layer filter's score at {@code layer}, which must be the layer right after those x
   * went through; see {@link DecoderLayer#lastQueryScores}.
   *
   * @param x [1, T, D] input to the layer
   * @param positions [T]
   * @param priorKeys [1, Hkv, P, d] post-RoPE keys of earlier tokens at this layer, or null
   * @return scores [P + T] and x's keys [1, Hkv, T, d], in x's manager
   */
  public NDList lastQueryScores(NDArray x, int[] positions, int layer, NDArray priorKeys) {
    observer.onLayer(layer, positions.length);
    NDManager out = x.getManager();
    try (NDManager scope = out.newSubManager()) {
      scope.tempAttachAll(x);
      Rope rope = Rope.of(scope, invFreq, positions);
      NDList result =
          DecoderLayer.lastQueryScores(config, weights.layer(layer), x, rope, priorKeys);
      result.attach(out);
      return result;
    }
  }
}
