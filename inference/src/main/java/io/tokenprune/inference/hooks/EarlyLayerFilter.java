package io.tokenprune.inference.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.llama.KvCache;
import io.tokenprune.inference.llama.LlamaModel;

/**
 * GemFilter's selection signal. Runs layers 0..L-1 in full and, at layer L, only the input norm and
 * the q/k projections; nothing above L is ever computed. For each input position it returns the
 * last token's post-RoPE query at layer L dotted with that position's post-RoPE key, summed over
 * query heads (each reading its shared key head), with no softmax and no 1/sqrt(d) scale. Pooling
 * and top-k belong to the caller.
 *
 * <p>Thread-safe: every call works in its own NDManager.
 */
public final class EarlyLayerFilter {
  private final LlamaModel model;
  private final int chunk;

  /**
   * @param chunk prefill chunk size in tokens
   */
  public EarlyLayerFilter(LlamaModel model, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
    }
    this.model = model;
    this.chunk = chunk;
  }

  /**
   * @param tokenIds [T], T >= 1; the last one's query does the scoring
   * @param layer L in [0, numLayers)
   * @return [T] raw scores
   */
  public float[] scores(int[] tokenIds, int layer) {
    checkLayer(layer);
    checkTokens(tokenIds);
    try (NDManager request = model.newRequestManager()) {
      KvCache cache = new KvCache(model.config().numLayers(), request);
      cache.reserve(tokenIds.length);
      return encode(request, cache, null, tokenIds, 0, layer).get(0).toFloatArray();
    }
  }

  /**
   * Encodes a prefix (typically a document) for later {@link #scores(FilterPrefix, int[])} calls.
   * The caller owns the result and must close it.
   */
  public FilterPrefix encodePrefix(int[] prefixIds, int layer) {
    checkLayer(layer);
    checkTokens(prefixIds);
    NDManager owner = model.newRequestManager();
    try {
      KvCache cache = new KvCache(model.config().numLayers(), owner);
      cache.reserve(prefixIds.length);
      NDList result = encode(owner, cache, null, prefixIds, 0, layer);
      result.get(0).close();
      return new FilterPrefix(owner, cache, result.get(1), layer, prefixIds.length);
    } catch (RuntimeException e) {
      owner.close();
      throw e;
    }
  }

  /**
   * Scores prefix + suffix as {@link #scores(int[], int)} would score their concatenation, up to
   * float rounding, computing only the suffix's tokens. The prefix is not modified.
   *
   * @param suffixIds [S], S >= 1 (e.g. the question)
   * @return [P + S] raw scores
   */
  public float[] scores(FilterPrefix prefix, int[] suffixIds) {
    checkTokens(suffixIds);
    try (NDManager request = model.newRequestManager()) {
      KvCache cache = prefix.cache().fork(request);
      cache.reserve(prefix.length() + suffixIds.length);
      return encode(request, cache, prefix.layerKeys(), suffixIds, prefix.length(), prefix.layer())
          .get(0)
          .toFloatArray();
    }
  }

  /** Runs ids at positions start.. through layers 0..L-1, then scores at L. */
  private NDList encode(
      NDManager manager, KvCache cache, NDArray priorKeys, int[] ids, int start, int layer) {
    int[] positions = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      positions[i] = start + i;
    }
    if (start + ids.length > model.config().maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          (start + ids.length)
              + " tokens exceed max_position_embeddings "
              + model.config().maxPositionEmbeddings());
    }
    NDArray x = model.embed(manager, ids);
    NDArray h = model.runLayers(x, positions, 0, layer, cache, chunk, -1).hidden();
    NDList result = model.lastQueryScores(h, positions, layer, priorKeys);
    x.close();
    h.close();
    return result;
  }

  private void checkLayer(int layer) {
    if (layer < 0 || layer >= model.config().numLayers()) {
      throw new IllegalArgumentException(
          "filter layer " + layer + " outside [0, " + model.config().numLayers() + ")");
    }
  }

  private static void checkTokens(int[] ids) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("the filter needs at least one token");
    }
  }
}
