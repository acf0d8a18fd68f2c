package io.tokenprune.inference.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.tokenprune.inference.model.LayerWeights;
import io.tokenprune.inference.model.ModelConfig;

/**
 * One pre-norm decoder layer, as pure functions of activations and weights. Shapes: B batch, T new
 * tokens, Tk cached + new tokens, D hidden, H query heads, Hkv key/value heads, G = H / Hkv, d head
 * dim, I intermediate. Every op is called on an activation, so results land in the activation's
 * manager and never in the weights'. No op is in place (the KV cache aside), so the layer trains
 * under a GradientCollector.
 */
final class DecoderLayer {
  private DecoderLayer() {}

  /** A layer's output, and optionally the last query row's attention averaged over heads. */
  record Output(NDArray hidden, float[] lastRowAttention) {}

  /**
   * @param x [B, T, D] residual stream
   * @param mask [T, Tk] additive causal mask, or null when every key is visible (a 1-token step)
   * @param cache null to attend only within x (training, one-shot)
   * @param tapLastRow also return the last query row's attention probabilities [Tk], mean over
   *     heads (batch row 0)
   * @return [B, T, D]
   */
  static Output forward(
      ModelConfig c,
      LayerWeights w,
      int layer,
      NDArray x,
      Rope rope,
      NDArray mask,
      KvCache cache,
      NDManager scope,
      boolean tapLastRow) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int hkv = c.numKvHeads();
    int d = c.headDim();
    float eps = (float) c.rmsNormEps();

    NDArray h = rmsNorm(x, w.inputNorm(), eps);
    // 1/sqrt(d) is applied to q, [B,H,T,d], rather than to the [B,H,T,Tk] scores: fewer flops.
    // The scale is a torch-allocated scalar, not a Java Number: see rmsNorm.
    NDArray scale = x.getManager().full(new Shape(), (float) (1.0 / Math.sqrt(d)));
    NDArray q = rope.apply(heads(linear(h, w.q(), w.qBias()), c.numHeads(), d)).mul(scale);
    NDArray k = rope.apply(heads(linear(h, w.k(), w.kBias()), hkv, d)); // [B,Hkv,T,d]
    NDArray v = heads(linear(h, w.v(), w.vBias()), hkv, d); // [B,Hkv,T,d]
    if (cache != null) {
      NDList kv = cache.append(layer, k, v, scope);
      k = kv.get(0); // [B,Hkv,Tk,d]
      v = kv.get(1);
    }
    // grouped-query attention by broadcasting: query head h uses key/value head h / G
    NDArray scores =
        q.reshape(b, hkv, c.kvGroups(), t, d)
            .matMul(k.expandDims(2).swapAxes(3, 4)); // [B,Hkv,G,T,Tk]
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray probs = scores.softmax(-1);
    float[] tap = null;
    if (tapLastRow) {
      NDArray lastRow = probs.get(new NDIndex("0, :, :, -1, :")); // [Hkv, G, Tk]
      tap = lastRow.reshape(-1, lastRow.getShape().get(2)).mean(new int[] {0}).toFloatArray();
    }
    NDArray attended =
        probs
            .matMul(v.expandDims(2)) // [B,Hkv,G,T,d]
            .reshape(b, c.numHeads(), t, d)
            .transpose(0, 2, 1, 3)
            .reshape(b, t, (long) c.numHeads() * d);
    NDArray x1 = x.add(linear(attended, w.o(), w.oBias()));

    NDArray h2 = rmsNorm(x1, w.postNorm(), eps);
    NDArray gate = linear(h2, w.gate(), null);
    NDArray swiglu = gate.mul(Activation.sigmoid(gate)).mul(linear(h2, w.up(), null));
    return new Output(x1.add(linear(swiglu, w.down(), null)), tap);
  }

  /**
   * GemFilter's score at this layer: the last token's post-RoPE query dotted with every key, summed
   * over query heads (GQA expanded), with no softmax and no 1/sqrt(d). Only the input norm and the
   * q and k projections of this layer run.
   *
   * @param x [1, T, D] input to this layer
   * @param priorKeys [1, Hkv, P, d] post-RoPE keys of earlier tokens at this layer, or null
   * @return scores [P + T] and this chunk's keys [1, Hkv, T, d] (for a prefix cache)
   */
  static NDList lastQueryScores(
      ModelConfig c, LayerWeights w, NDArray x, Rope rope, NDArray priorKeys) {
    int hkv = c.numKvHeads();
    int d = c.headDim();
    NDArray h = rmsNorm(x, w.inputNorm(), (float) c.rmsNormEps());
    NDArray k = rope.apply(heads(linear(h, w.k(), w.kBias()), hkv, d)); // [1,Hkv,T,d]
    NDArray last = h.get(new NDIndex(":, -1:, :"));
    NDArray q =
        rope.last()
            .apply(heads(linear(last, w.q(), w.qBias()), c.numHeads(), d))
            .reshape(1, hkv, c.kvGroups(), 1, d);
    NDArray own = q.matMul(k.expandDims(2).swapAxes(3, 4)).sum(new int[] {0, 1, 2, 3}); // [T]
    if (priorKeys == null) {
      return new NDList(own, k);
    }
    NDArray prior = q.matMul(priorKeys.expandDims(2).swapAxes(3, 4)).sum(new int[] {0, 1, 2, 3});
    return new NDList(prior.concat(own, 0), k);
  }

  /**
   * RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}, over the last axis.
   *
   * <p>No op here takes a Java Number whose value autograd would keep for the backward pass: DJL
   * turns a Number into a tensor over a direct buffer it frees (to the garbage collector) as soon
   * as the op returns, so {@code pow(-0.5)} or {@code mul(scalar)} left the backward reading freed
   * memory and gave sporadic NaN gradients in training. {@code add(eps)} is safe (its backward does
   * not read eps); division by the torch-allocated {@code sqrt} is what replaces the pow.
   */
  static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
    NDArray meanSquare = x.square().mean(new int[] {-1}, true);
    return x.div(meanSquare.add(eps).sqrt()).mul(weight);
  }

  /** {@code x W^T + b} with W [out, in] as stored; b may be null. */
  static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
  }

  /** [B, T, heads*d] to [B, heads, T, d]. */
  private static NDArray heads(NDArray projected, int heads, int d) {
    long b = projected.getShape().get(0);
    long t = projected.getShape().get(1);
    return projected.reshape(b, t, heads, d).transpose(0, 2, 1, 3);
  }
}
