package io.tokenprune.deploy.eval;

import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.train.RetrievalCorpus;
import io.tokenprune.inference.train.RetrievalSample;
import io.tokenprune.reducer.gemfilter.TokenSelection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Time to first token, measured on the runtime's real paths. Full context: the prefill of the whole
 * prompt and its next-token logits ({@code Generator.promptLogits}). GemFilter at (L, k): the
 * filter's scores at layer L ({@code EarlyLayerFilter.scores}), pooling and top-k ({@link
 * TokenSelection}), then the second pass's prefill and logits on BOS + kept tokens + question. Each
 * prompt is timed full, then every (L, k), then full again (the two full runs are averaged, so a
 * change of machine load during the prompt affects both sides); the median over prompts is
 * reported. This is wall time on a shared CPU: ratios, measured side by side, are the meaningful
 * figures.
 */
final class FirstTokenTimer {
  private FirstTokenTimer() {}

  /**
   * @param fullMillis [lengths] median full-context TTFT
   * @param gemFilterMillis [lengths][layers][ks] median GemFilter TTFT (TOKEN granularity)
   */
  record Timings(
      List<Integer> lengths,
      List<Integer> topKs,
      double[] fullMillis,
      double[][][] gemFilterMillis) {
    static Timings none() {
      return new Timings(List.of(), List.of(), new double[0], new double[0][][]);
    }

    boolean measured() {
      return fullMillis.length > 0;
    }

    /** Full over GemFilter: how many times faster GemFilter reaches the first token. */
    double speedup(int lengthIndex, int layer, int kIndex) {
      return fullMillis[lengthIndex] / gemFilterMillis[lengthIndex][layer][kIndex];
    }
  }

  static Timings measure(
      ModelRuntime rt, NeedleEvalConfig config, RetrievalCorpus corpus, PrintWriter log) {
    int layers = rt.config().numLayers();
    List<Integer> ks = config.topKs();
    int n = config.lengths().size();
    double[] full = new double[n];
    double[][][] gem = new double[n][layers][ks.size()];
    // warm-up: first calls pay for allocation and kernel selection
    RetrievalSample warm = NeedleEval.sample(corpus, config, 0, 0, 0);
    firstTokenMillis(rt, warm.prompt(0));
    rt.filter().scores(warm.prompt(0), 0);
    for (int li = 0; li < n; li++) {
      List<Double> fullRuns = new ArrayList<>();
      List<List<List<Double>>> gemRuns = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        List<List<Double>> perK = new ArrayList<>();
        for (int k = 0; k < ks.size(); k++) {
          perK.add(new ArrayList<>());
        }
        gemRuns.add(perK);
      }
      for (int t = 0; t < config.timingPrompts(); t++) {
        int depth = (t * 7 + 2) % config.depths();
        RetrievalSample s = NeedleEval.sample(corpus, config, li, depth, 0);
        int[] prompt = s.prompt(0);
        double before = firstTokenMillis(rt, prompt);
        for (int l = 0; l < layers; l++) {
          long t0 = System.nanoTime();
          float[] scores = rt.filter().scores(prompt, l);
          double filterMillis = (System.nanoTime() - t0) / 1e6;
          for (int k = 0; k < ks.size(); k++) {
            long t1 = System.nanoTime();
            int[] kept =
                TokenSelection.select(
                    scores, DocumentCuts.POOL_KERNEL, ks.get(k), 1, s.documentEnd());
            int[] second = DocumentCuts.secondPass(s, kept);
            double selectMillis = (System.nanoTime() - t1) / 1e6;
            gemRuns.get(l).get(k).add(filterMillis + selectMillis + firstTokenMillis(rt, second));
          }
        }
        fullRuns.add((before + firstTokenMillis(rt, prompt)) / 2);
      }
      full[li] = median(fullRuns);
      for (int l = 0; l < layers; l++) {
        for (int k = 0; k < ks.size(); k++) {
          gem[li][l][k] = median(gemRuns.get(l).get(k));
        }
      }
      log.printf("ttft at %d tokens: full %.0f ms%n", config.lengths().get(li), full[li]);
      log.flush();
    }
    return new Timings(config.lengths(), ks, full, gem);
  }

  /** Prefill and next-token logits of a prompt, and the argmax: the first token. */
  private static double firstTokenMillis(ModelRuntime rt, int[] prompt) {
    long t0 = System.nanoTime();
    float[] logits = rt.generator().promptLogits(Prompt.ofTokens(prompt), Optional.empty());
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      best = logits[i] > logits[best] ? i : best;
    }
    long t1 = System.nanoTime();
    return best >= 0 ? (t1 - t0) / 1e6 : Double.NaN;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
