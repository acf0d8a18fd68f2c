package io.tokenprune.inference.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.hooks.InnerMerge;
import io.tokenprune.inference.hooks.InnerMergeSpec;
import io.tokenprune.inference.llama.KvCache;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.llama.StageOutput;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.sampling.Sampler;
import java.util.Arrays;
import java.util.Optional;

/**
 * Prefill, optional inner merge, then token-by-token decoding with a KV cache. Every request runs
 * in its own NDManager, closed before {@link #generate} returns, and every decode step in a
 * sub-manager of it, so nothing outlives the request and a long generation does not pile up
 * intermediates. Thread-safe.
 */
public final class Generator {
  private final LlamaModel model;
  private final ModelConfig config;
  private final int chunk;

  /**
   * @param chunk prefill chunk size in tokens: bounds attention memory to [H, chunk, T]
   */
  public Generator(LlamaModel model, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
    }
    this.model = model;
    this.config = model.config();
    this.chunk = chunk;
  }

  /** A prefilled request: the cache, the next-token logits and the next position. */
  private record Prefilled(KvCache cache, float[] logits, int nextPosition, int merged) {}

  /**
   * Generates until a stop token, the token budget, the context limit, or the listener says stop.
   *
   * @throws IllegalArgumentException for a prompt the model cannot take (ids outside the
   *     vocabulary, embeddings of the wrong width, a bad merge span, too long a context)
   */
  public GenerationResult generate(GenerationRequest request, TokenListener listener) {
    long start = System.nanoTime();
    try (NDManager manager = model.newRequestManager()) {
      Prefilled p = prefill(manager, request.prompt(), request.innerMerge(), request.maxTokens());
      long prefilled = System.nanoTime();
      Sampler sampler = new Sampler(request.sampling());
      int[] out = new int[request.maxTokens()];
      int n = 0;
      int position = p.nextPosition();
      float[] logits = p.logits();
      StopReason reason = StopReason.MAX_TOKENS;
      while (n < request.maxTokens()) {
        int token = sampler.next(logits);
        if (request.stopTokens().contains(token)) {
          reason = StopReason.STOP_TOKEN;
          break;
        }
        out[n++] = token;
        if (!listener.onToken(token)) {
          reason = StopReason.CANCELLED;
          break;
        }
        if (n == request.maxTokens()) {
          break;
        }
        if (position >= config.maxPositionEmbeddings()) {
          reason = StopReason.CONTEXT_FULL;
          break;
        }
        logits = decodeStep(manager, p.cache(), token, position++);
      }
      return new GenerationResult(
          Arrays.copyOf(out, n),
          reason,
          request.prompt().length(),
          p.merged(),
          p.cache().lengths(),
          prefilled - start,
          System.nanoTime() - prefilled);
    }
  }

  /**
   * The next-token logits after the prompt, with the merge applied when given: what the first
   * sampled token is drawn from.
   *
   * @return [V]
   */
  public float[] promptLogits(Prompt prompt, Optional<InnerMergeSpec> merge) {
    try (NDManager manager = model.newRequestManager()) {
      return prefill(manager, prompt, merge, 0).logits();
    }
  }

  private Prefilled prefill(
      NDManager manager, Prompt prompt, Optional<InnerMergeSpec> merge, int maxTokens) {
    int[] positions = prompt.positions();
    int last = Arrays.stream(positions).max().orElseThrow();
    if (last >= config.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          "position id "
              + last
              + " reaches max_position_embeddings "
              + config.maxPositionEmbeddings());
    }
    if (config.slidingWindow() > 0 && prompt.length() + maxTokens > config.slidingWindow()) {
      throw new IllegalArgumentException(
          (prompt.length() + maxTokens)
              + " tokens exceed sliding_window "
              + config.slidingWindow()
              + ", and sliding-window attention is not implemented");
    }
    merge.ifPresent(m -> m.checkAgainst(config.numLayers(), prompt.length()));
    KvCache cache = new KvCache(config.numLayers(), manager);
    cache.reserve(
        (int) Math.min((long) prompt.length() + maxTokens, config.maxPositionEmbeddings()));
    NDArray x = embed(manager, prompt);
    int layers = config.numLayers();
    NDArray hidden;
    int merged = 0;
    if (merge.isEmpty()) {
      hidden = model.runLayers(x, positions, 0, layers, cache, chunk, -1).hidden();
    } else {
      InnerMergeSpec spec = merge.get();
      StageOutput below =
          model.runLayers(x, positions, 0, spec.layer(), cache, chunk, spec.layer() - 1);
      InnerMerge.Merged m =
          InnerMerge.apply(below.hidden(), positions, spec, below.lastRowAttention());
      merged = m.merged();
      hidden =
          model
              .runLayers(m.hidden(), m.positions(), spec.layer(), layers, cache, chunk, -1)
              .hidden();
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray lastRow = hidden.get(scope, new NDIndex(":, -1:, :"));
      float[] logits = model.logits(lastRow).toFloatArray();
      return new Prefilled(cache, logits, last + 1, merged);
    }
  }

  private float[] decodeStep(NDManager manager, KvCache cache, int token, int position) {
    try (NDManager step = manager.newSubManager()) {
      NDArray x = model.embed(step, new int[] {token});
      NDArray h =
          model.runLayers(x, new int[] {position}, 0, config.numLayers(), cache, 1, -1).hidden();
      return model.logits(h).toFloatArray();
    }
  }

  /** [1, T, D]: token segments through the embedding table, embedding segments as given. */
  private NDArray embed(NDManager manager, Prompt prompt) {
    NDList parts = new NDList();
    for (Prompt.Segment segment : prompt.segments()) {
      if (segment instanceof Prompt.Tokens t) {
        parts.add(model.embed(manager, t.ids()));
      } else if (segment instanceof Prompt.Embeddings e) {
        if (e.dim() != config.hiddenSize()) {
          throw new IllegalArgumentException(
              "embedding rows have dim "
                  + e.dim()
                  + ", the model's hidden size is "
                  + config.hiddenSize());
        }
        parts.add(manager.create(e.values(), new Shape(1, e.count(), e.dim())));
      }
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
  }
}
