package io.tokenprune.deploy.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.tokenprune.inference.llama.KvCache;
import io.tokenprune.inference.llama.LlamaModel;
import java.util.Arrays;

/**
 * One full-context run of a prompt that also yields GemFilter's raw scores at every layer: layer by
 * layer, the input of layer L is scored as {@link io.tokenprune.inference.hooks.EarlyLayerFilter}
 * scores it (last token's post-RoPE query times every key, summed over heads), then layer L runs
 * with the KV cache; after the last layer the answer is decoded greedily. It costs one prefill
 * where calling the filter at each of n layers would cost about n/2, which is what makes scoring
 * every layer on hundreds of long prompts affordable. A test checks both outputs against the
 * runtime's own filter and generator.
 *
 * @param scores [layers][T] raw scores of each layer
 * @param answer greedy continuation, stop token excluded
 */
record LayerwisePass(float[][] scores, int[] answer) {

  /**
   * @param prompt [T] token ids
   * @param stop the id that ends the answer (EOS)
   * @param maxTokens most answer tokens
   */
  static LayerwisePass run(LlamaModel model, int chunk, int[] prompt, int stop, int maxTokens) {
    int layers = model.config().numLayers();
    int[] positions = new int[prompt.length];
    Arrays.setAll(positions, i -> i);
    float[][] scores = new float[layers][];
    try (NDManager request = model.newRequestManager()) {
      KvCache cache = new KvCache(layers, request);
      cache.reserve(prompt.length + maxTokens);
      NDArray h = model.embed(request, prompt);
      for (int layer = 0; layer < layers; layer++) {
        try (NDList scored = model.lastQueryScores(h, positions, layer, null)) {
          scores[layer] = scored.get(0).toFloatArray();
        }
        NDArray next = model.runLayers(h, positions, layer, layer + 1, cache, chunk, -1).hidden();
        h.close();
        h = next;
      }
      int[] out = new int[maxTokens];
      int n = 0;
      NDArray last = h.get(new NDIndex(":, -1:, :"));
      int token = argmax(model.logits(last).toFloatArray());
      int position = prompt.length;
      while (token != stop && n < maxTokens) {
        out[n++] = token;
        if (n == maxTokens) {
          break;
        }
        try (NDManager step = request.newSubManager()) {
          NDArray x = model.embed(step, new int[] {token});
          NDArray y = model.runLayers(x, new int[] {position++}, 0, layers, cache, 1, -1).hidden();
          token = argmax(model.logits(y).toFloatArray());
        }
      }
      return new LayerwisePass(scores, Arrays.copyOf(out, n));
    }
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
