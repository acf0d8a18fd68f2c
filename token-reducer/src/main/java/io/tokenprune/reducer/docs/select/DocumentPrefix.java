package io.tokenprune.reducer.docs.select;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.llama.KvCache;
import io.tokenprune.inference.llama.LlamaModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt prefix (template head and document) prefilled for the early-layer filter and grown piece
 * by piece as a document's chunks arrive: the keys and values of layers 0..L-1 in a {@link
 * KvCache}, and layer L's post-RoPE keys. A question then costs only its own tokens through layers
 * 0..L-1, plus one query against the L-layer keys: {@link #scores} equals {@code
 * EarlyLayerFilter.scores(prefix ++ question, L)} up to float rounding.
 *
 * <p>Owns its NDArrays (one sub-manager of the weights' manager) until {@link #close()}. The
 * methods are synchronized: a question never sees a half-appended chunk, and the KV buffers it
 * forks stay unchanged while it runs.
 */
public final class DocumentPrefix implements AutoCloseable {
  private final LlamaModel model;
  private final int layer;
  private final int chunk;
  private final NDManager manager;
  private final KvCache cache; // layers 0..L-1
  private final List<NDArray> layerKeys = new ArrayList<>(); // [1, Hkv, t_i, d] per piece
  private int length;
  private boolean closed;

  /**
   * @param layer the filter layer L, in [0, numLayers)
   * @param chunk prefill chunk size (tokens per pass through the layers)
   */
  public DocumentPrefix(LlamaModel model, int layer, int chunk) {
    if (layer < 0 || layer >= model.config().numLayers()) {
      throw new IllegalArgumentException(
          "filter layer " + layer + " outside [0, " + model.config().numLayers() + ")");
    }
    this.model = model;
    this.layer = layer;
    this.chunk = chunk;
    this.manager = model.newRequestManager();
    this.cache = new KvCache(model.config().numLayers(), manager);
  }

  public int layer() {
    return layer;
  }

  /** Tokens prefilled so far. */
  public synchronized int length() {
    return length;
  }

  /** Reserves KV room for this many tokens in all, so a known total needs no regrowth. */
  public synchronized void reserve(int tokens) {
    cache.reserve(tokens);
  }

  /**
   * Runs {@code ids} at positions length().. through layers 0..L-1 and keeps their layer-L keys.
   *
   * @throws IllegalArgumentException past max_position_embeddings or on an id outside the vocab
   */
  public synchronized void extend(int[] ids) {
    checkOpen();
    if (ids.length == 0) {
      return;
    }
    int[] positions = positions(length, ids.length);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = model.embed(scope, ids);
      NDArray h = model.runLayers(x, positions, 0, layer, cache, chunk, -1).hidden();
      NDList scored = model.lastQueryScores(h, positions, layer, null); // [T] unused, keys
      NDArray keys = scored.get(1);
      keys.attach(manager);
      layerKeys.add(keys);
    }
    length += ids.length;
  }

  /**
   * The filter's raw scores of prefix ++ question; the prefix is left as it was.
   *
   * @param questionIds [S], S >= 1: its last token's query does the scoring
   * @return [length() + S] raw scores
   */
  public synchronized float[] scores(int[] questionIds) {
    checkOpen();
    if (questionIds.length == 0) {
      throw new IllegalArgumentException("the filter needs at least one question token");
    }
    int[] positions = positions(length, questionIds.length);
    NDArray prior = priorKeys();
    try (NDManager request = model.newRequestManager()) {
      KvCache fork = cache.fork(request);
      fork.reserve(length + questionIds.length);
      NDArray x = model.embed(request, questionIds);
      NDArray h = model.runLayers(x, positions, 0, layer, fork, chunk, -1).hidden();
      return model.lastQueryScores(h, positions, layer, prior).get(0).toFloatArray();
    }
  }

  /** Native bytes held: K/V of layers 0..L-1 (at their length) and layer L's keys. */
  public synchronized long bytes() {
    long keys = 0;
    for (NDArray k : layerKeys) {
      keys += k.getShape().size() * Float.BYTES;
    }
    return cache.bytes() + keys;
  }

  /** Layer L's keys as one [1, Hkv, length, d] array, joined once after each growth; or null. */
  private NDArray priorKeys() {
    if (layerKeys.size() > 1) {
      NDArray joined = NDArrays.concat(new NDList(layerKeys), 2);
      joined.attach(manager);
      layerKeys.forEach(NDArray::close);
      layerKeys.clear();
      layerKeys.add(joined);
    }
    return layerKeys.isEmpty() ? null : layerKeys.get(0);
  }

  private int[] positions(int start, int n) {
    int max = model.config().maxPositionEmbeddings();
    if ((long) start + n > max) {
      throw new IllegalArgumentException(
          (start + n) + " prompt tokens exceed the model's max_position_embeddings " + max);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = start + i;
    }
    return p;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("document prefix already closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      manager.close();
    }
  }
}
