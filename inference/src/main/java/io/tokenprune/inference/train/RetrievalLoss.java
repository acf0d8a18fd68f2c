package io.tokenprune.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.llama.LlamaModel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The training loss of one step, built on the inference module's own forward (so training and
 * serving run the same code). Terms:
 *
 * <ul>
 *   <li>{@code lm}: next-token cross-entropy over every token of the full-length sequences (the
 *       filler is predictable only by copying from context, which is what makes retrieval
 *       learnable);
 *   <li>{@code answer}: the same, averaged over answer tokens and their EOS only;
 *   <li>{@code view}: the answer loss on compacted views (selected subsets, positions renumbered);
 *   <li>{@code filter}: at each filter layer L, the question's last token's raw scores (exactly
 *       what {@link io.tokenprune.inference.hooks.EarlyLayerFilter} computes: post-RoPE query times
 *       keys, summed over heads, no scale) through a softmax over the document's positions, and
 *       cross-entropy against a uniform target on the asked fact's sentence. This is what makes an
 *       early layer a filter: a small model has no reason to locate the answer that early by
 *       itself.
 * </ul>
 */
final class RetrievalLoss {
  /** The loss graph and its parts as numbers (NaN for an absent part). */
  record Terms(NDArray total, float lm, float answer, float view, float filter, float copy) {}

  private final LlamaModel model;
  private final TrainConfig.Objective objective;

  RetrievalLoss(LlamaModel model, TrainConfig.Objective objective) {
    this.model = model;
    this.objective = objective;
  }

  /**
   * Builds the loss in {@code scope}; call it inside a GradientCollector.
   *
   * @param batch sequences of one length
   * @param views compacted views of any lengths (may be empty)
   */
  Terms compute(NDManager scope, List<RetrievalSample> batch, List<CompactedView> views) {
    return compute(scope, batch, views, true);
  }

  /**
   * @param withFilter include the filter term (the trainer leaves it out of early stages)
   */
  Terms compute(
      NDManager scope, List<RetrievalSample> batch, List<CompactedView> views, boolean withFilter) {
    int b = batch.size();
    int t = batch.get(0).tokens().length - 1; // inputs: all but the last token
    long[] inputs = new long[b * t];
    long[] targets = new long[b * t];
    float[] answerMask = new float[b * t];
    for (int i = 0; i < b; i++) {
      int[] tokens = batch.get(i).tokens();
      if (tokens.length != t + 1) {
        throw new IllegalArgumentException(
            "batch sequences differ in length: " + tokens.length + " vs " + (t + 1));
      }
      for (int p = 0; p < t; p++) {
        inputs[i * t + p] = tokens[p];
        targets[i * t + p] = tokens[p + 1];
      }
      for (RetrievalSample.Asked a : batch.get(i).asked()) {
        // inputs answerAt-1 .. answerAt+len-1 predict the answer tokens and the EOS after them
        for (int p = a.answerAt() - 1; p < a.answerAt() + a.answerIds().length; p++) {
          answerMask[i * t + p] = 1;
        }
      }
    }
    int[] positions = new int[t];
    Arrays.setAll(positions, p -> p);
    NDArray x = model.embed(scope.create(inputs, new Shape(b, t)));
    List<Integer> filterLayers =
        withFilter && objective.filterWeight() > 0
            ? objective.filterLayers().stream().sorted().toList()
            : List.of();
    boolean copy = objective.copyLayer() > 0 && objective.copyWeight() > 0;
    TreeSet<Integer> taps = new TreeSet<>(filterLayers);
    if (copy) {
      taps.add(objective.copyLayer());
    }
    Map<Integer, NDArray> layerInputs = new HashMap<>(); // layer -> [B, T, D] input to it
    NDArray h = x;
    int from = 0;
    for (int layer : taps) {
      h = model.runLayers(h, positions, from, layer, null, t, -1).hidden();
      layerInputs.put(layer, h);
      from = layer;
    }
    h = model.runLayers(h, positions, from, model.config().numLayers(), null, t, -1).hidden();
    NDArray nll = tokenLoss(model.logits(h), scope.create(targets, new Shape(b, t, 1)));
    NDArray lm = nll.mean();
    NDArray mask = scope.create(answerMask, new Shape(b, t, 1));
    NDArray answer = nll.mul(mask).sum().div(mask.sum());
    NDArray total = lm.add(answer.mul(constant(scope, objective.answerWeight())));

    float filterValue = Float.NaN;
    if (!filterLayers.isEmpty()) {
      NDArray filter = filterTerm(scope, batch, filterLayers, layerInputs, positions);
      filterValue = filter.getFloat();
      total = total.add(filter.mul(constant(scope, objective.filterWeight())));
    }
    float copyValue = Float.NaN;
    if (copy) {
      NDArray c = copyTerm(scope, batch, layerInputs.get(objective.copyLayer()), positions);
      copyValue = c.getFloat();
      total = total.add(c.mul(constant(scope, objective.copyWeight())));
    }
    float viewValue = Float.NaN;
    if (!views.isEmpty() && objective.viewWeight() > 0) {
      NDArray view = viewTerm(scope, views);
      viewValue = view.getFloat();
      total = total.add(view.mul(constant(scope, objective.viewWeight())));
    }
    return new Terms(total, lm.getFloat(), answer.getFloat(), viewValue, filterValue, copyValue);
  }

  /**
   * Mean over (sequence, question, value token) of the copy cross-entropy: at the copy layer, the
   * raw scores (as the filter computes them) of the position that predicts a value token of the
   * reply, through a softmax over all earlier positions, against the document position of that same
   * token. It teaches the lookup directly (which key, which token of the value); the plain
   * next-token loss alone left a small model at chance on the values for hundreds of steps, since
   * continuing "the blue door is" needs a match on several tokens of context, not one.
   */
  private NDArray copyTerm(
      NDManager scope, List<RetrievalSample> batch, NDArray input, int[] positions) {
    NDArray headScale =
        constant(scope, 1.0 / (model.config().numHeads() * Math.sqrt(model.config().headDim())));
    NDArray sum = null;
    int count = 0;
    for (int i = 0; i < batch.size(); i++) {
      RetrievalSample s = batch.get(i);
      for (RetrievalSample.Asked a : s.asked()) {
        int n = a.answerEnd() - a.answerStart();
        int first = a.answerAt() + a.answerIds().length - 1 - n; // the reply ends value + "."
        for (int j = 0; j < n; j++) {
          int q = first + j - 1; // predicts the j-th value token
          NDArray scores = scoresOf(input, i, q, objective.copyLayer(), positions);
          // the raw scores summed over H heads, scaled to the mean of the heads' own attention
          // logits (q.k / sqrt(d)): a softmax of the raw sum would be H * sqrt(d) times sharper
          // than any head's attention, and the heads themselves would barely move
          NDArray term = scores.mul(headScale).logSoftmax(0).get(a.answerStart() + j).neg();
          sum = sum == null ? term : sum.add(term);
          count++;
        }
      }
    }
    return sum.div(constant(scope, count));
  }

  /** Mean over (sequence, question, layer) of the filter cross-entropy. */
  private NDArray filterTerm(
      NDManager scope,
      List<RetrievalSample> batch,
      List<Integer> layers,
      Map<Integer, NDArray> inputs,
      int[] positions) {
    NDArray sum = null;
    int count = 0;
    for (int l = 0; l < layers.size(); l++) {
      for (int i = 0; i < batch.size(); i++) {
        RetrievalSample s = batch.get(i);
        for (RetrievalSample.Asked a : s.asked()) {
          int layer = layers.get(l);
          NDArray scores = scoresOf(inputs.get(layer), i, a.queryIndex(), layer, positions);
          NDArray logProbs = scores.get(new NDIndex("1:{}", s.documentEnd())).logSoftmax(0);
          float[] target = new float[s.documentEnd() - 1];
          int n = a.factEnd() - a.factStart();
          for (int p = a.factStart(); p < a.factEnd(); p++) {
            target[p - 1] = 1f / n;
          }
          NDArray term = logProbs.mul(scope.create(target)).sum().neg();
          sum = sum == null ? term : sum.add(term);
          count++;
        }
      }
    }
    return sum.div(constant(scope, count));
  }

  /**
   * The raw GemFilter scores (as {@link io.tokenprune.inference.hooks.EarlyLayerFilter} computes
   * them) of position {@code q} of sequence {@code i} over positions 0..q.
   *
   * @param input [B, T, D] the input to {@code layer}
   * @return [q+1]
   */
  private NDArray scoresOf(NDArray input, int i, int q, int layer, int[] positions) {
    NDArray xi = input.get(new NDIndex("{}:{}, 0:{}, :", i, i + 1, q + 1));
    return model.lastQueryScores(xi, Arrays.copyOf(positions, q + 1), layer, null).get(0);
  }

  /** Mean answer loss over the views, right-padded to one length. */
  private NDArray viewTerm(NDManager scope, List<CompactedView> views) {
    int t = views.stream().mapToInt(CompactedView::length).max().orElseThrow() - 1;
    int v = views.size();
    long[] inputs = new long[v * t];
    long[] targets = new long[v * t];
    float[] mask = new float[v * t];
    for (int i = 0; i < v; i++) {
      int[] tokens = views.get(i).tokens();
      int pad = tokens[tokens.length - 1]; // EOS pads: it follows every answer anyway
      for (int p = 0; p < t; p++) {
        inputs[i * t + p] = p < tokens.length ? tokens[p] : pad;
        targets[i * t + p] = p + 1 < tokens.length ? tokens[p + 1] : pad;
        mask[i * t + p] = p >= views.get(i).answerAt() - 1 && p < tokens.length - 1 ? 1 : 0;
      }
    }
    NDArray logits = model.forward(scope.create(inputs, new Shape(v, t)));
    NDArray nll = tokenLoss(logits, scope.create(targets, new Shape(v, t, 1)));
    NDArray m = scope.create(mask, new Shape(v, t, 1));
    return nll.mul(m).sum().div(m.sum());
  }

  /**
   * A scalar for an op whose backward reads it, allocated by torch. A Java Number passed to an
   * NDArray op becomes a tensor over a direct buffer that DJL releases as soon as the op returns,
   * so the backward pass would read freed memory (see DecoderLayer.rmsNorm).
   */
  private static NDArray constant(NDManager scope, double value) {
    return scope.full(new Shape(), (float) value);
  }

  /**
   * @param logits [B, T, V]
   * @param targets [B, T, 1] int64
   * @return [B, T, 1] negative log-likelihood of each target
   */
  private static NDArray tokenLoss(NDArray logits, NDArray targets) {
    return logits.logSoftmax(-1).gather(targets, 2).neg();
  }
}
