package io.tokenprune.inference.train;

import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.Generator;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.hooks.EarlyLayerFilter;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Held-out accuracy during training, on needle prompts the training stream never produces (their
 * generator is seeded apart from it): exact match of the greedy answer on the full context, exact
 * match on a compacted view (128 document tokens, alternating token runs and whole sentences), and
 * for each filter layer how often the asked fact's key and answer tokens all rank among the top 128
 * raw filter scores of the document.
 *
 * @param emFull exact match on full contexts
 * @param emView exact match on compacted views
 * @param filterHit per filter layer, the share of prompts whose key and answer rank in the top 128
 */
record HeldOutEval(int length, int samples, double emFull, double emView, double[] filterHit) {
  static final int VIEW_BUDGET = 128;

  /**
   * @param length prompt length in tokens (the answer follows)
   * @param seed the held-out seed (not the training seed)
   */
  static HeldOutEval run(
      LlamaModel model,
      RetrievalCorpus corpus,
      int length,
      int samples,
      long seed,
      List<Integer> filterLayers) {
    Generator generator = new Generator(model, 512);
    EarlyLayerFilter filter = new EarlyLayerFilter(model, 512);
    Set<Integer> stop = Set.of(corpus.tokenizer().eos());
    int full = 0;
    int view = 0;
    int[] hits = new int[filterLayers.size()];
    FactKind[] kinds = FactKind.values();
    for (int i = 0; i < samples; i++) {
      SplittableRandom random = new SplittableRandom(seed + 1_000_003L * i);
      RetrievalSample s = corpus.needle(length, (i % 10) / 9.0, kinds[i % kinds.length], random);
      RetrievalSample.Asked a = s.asked().get(0);
      int[] answer = a.answerIds();
      full += answers(generator, s.prompt(0), answer, stop) ? 1 : 0;
      CompactedView v = CompactedView.of(s, 0, VIEW_BUDGET, i % 2 == 1, random);
      view += answers(generator, v.prompt(), answer, stop) ? 1 : 0;
      for (int l = 0; l < filterLayers.size(); l++) {
        float[] scores = filter.scores(s.prompt(0), filterLayers.get(l));
        hits[l] += ranksInTop(scores, s.documentEnd(), a, VIEW_BUDGET) ? 1 : 0;
      }
    }
    double[] hitRate = new double[hits.length];
    for (int l = 0; l < hits.length; l++) {
      hitRate[l] = (double) hits[l] / samples;
    }
    return new HeldOutEval(
        length, samples, (double) full / samples, (double) view / samples, hitRate);
  }

  /** Whether the greedy continuation of the prompt is exactly the answer, then EOS. */
  static boolean answers(Generator generator, int[] prompt, int[] answer, Set<Integer> stop) {
    int[] out =
        generator
            .generate(
                GenerationRequest.of(
                    Prompt.ofTokens(prompt), SamplingOptions.GREEDY, stop, answer.length + 1),
                token -> true)
            .tokens();
    return Arrays.equals(out, answer);
  }

  /** Whether every key and answer position has one of the k highest raw document scores. */
  static boolean ranksInTop(float[] scores, int documentEnd, RetrievalSample.Asked a, int k) {
    float[] doc = Arrays.copyOfRange(scores, 1, documentEnd);
    float[] sorted = doc.clone();
    Arrays.sort(sorted);
    float threshold = sorted[Math.max(0, sorted.length - k)];
    for (int p = a.keyStart(); p < a.keyEnd(); p++) {
      if (scores[p] < threshold) {
        return false;
      }
    }
    for (int p = a.answerStart(); p < a.answerEnd(); p++) {
      if (scores[p] < threshold) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder hits = new StringBuilder();
    for (double h : filterHit) {
      hits.append(hits.length() == 0 ? "" : "/").append(String.format("%.2f", h));
    }
    return String.format(
        "EM full %.2f view %.2f hit@%d %s (%d x %d tok)",
        emFull, emView, VIEW_BUDGET, hits, samples, length);
  }
}
