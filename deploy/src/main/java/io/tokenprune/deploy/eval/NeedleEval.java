package io.tokenprune.deploy.eval;

import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import io.tokenprune.inference.train.CorpusTokenizer;
import io.tokenprune.inference.train.FactKind;
import io.tokenprune.inference.train.RetrievalCorpus;
import io.tokenprune.inference.train.RetrievalSample;
import io.tokenprune.inference.train.WordLists;
import io.tokenprune.schemas.policy.Granularity;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs the needle grid: for every prompt, one layer-by-layer full-context pass (the full-context
 * answer and every layer's filter scores, see {@link LayerwisePass}), then a second pass for each
 * GemFilter (layer, k, granularity), recency and random selection; then times the first token of
 * GemFilter against the full context at each length ({@link FirstTokenTimer}).
 *
 * <p>Exact match: the greedy continuation up to EOS (at most the answer's tokens plus two), decoded
 * and trimmed, equals the answer.
 */
public final class NeedleEval {
  private NeedleEval() {}

  /**
   * @param log progress lines (one per length, and a count of prompts done)
   */
  public static NeedleReport run(NeedleEvalConfig config, PrintWriter log) throws IOException {
    try (ModelRuntime rt = ModelRuntime.load(config.model(), RuntimeConfig.cpu());
        CorpusTokenizer tokenizer = CorpusTokenizer.load(config.model())) {
      int longest = config.lengths().get(config.lengths().size() - 1);
      if (longest + 16 > rt.config().maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            "length "
                + longest
                + " plus its answer exceeds the model's max_position_embeddings "
                + rt.config().maxPositionEmbeddings());
      }
      RetrievalCorpus corpus = new RetrievalCorpus(tokenizer, WordLists.bundled());
      List<Method> methods = methods(rt.config().numLayers(), config.topKs());
      Tally tally = new Tally(config.lengths(), config.depths());
      Map<Integer, Integer> widths = DocumentCuts.widthCache();
      int eos = tokenizer.eos();
      int done = 0;
      int total = config.lengths().size() * config.depths() * config.perCell();
      long start = System.nanoTime();
      for (int li = 0; li < config.lengths().size(); li++) {
        for (int d = 0; d < config.depths(); d++) {
          for (int j = 0; j < config.perCell(); j++) {
            RetrievalSample s = sample(corpus, config, li, d, j);
            String answer = s.asked().get(0).fact().reply();
            int maxTokens = s.asked().get(0).answerIds().length + 2;
            tally.ask(li, d);
            LayerwisePass pass =
                LayerwisePass.run(
                    rt.model(), rt.runtimeConfig().prefillChunk(), s.prompt(0), eos, maxTokens);
            tally.record(Method.FULL, li, d, matches(tokenizer, pass.answer(), answer));
            DocumentCuts cuts = new DocumentCuts(s, tokenizer, widths);
            SplittableRandom random = new SplittableRandom(config.seed() ^ (31L * done + 7));
            Map<String, Boolean> secondPasses = new HashMap<>(); // equal cuts answer alike
            for (Method m : methods) {
              if (m.kind() == Method.Kind.FULL) {
                continue;
              }
              int[] kept =
                  switch (m.kind()) {
                    case GEMFILTER ->
                        cuts.gemFilter(pass.scores()[m.layer()], m.k(), m.granularity());
                    case RECENCY -> cuts.recency(m.k());
                    case RANDOM -> cuts.random(m.k(), random);
                    case FULL -> throw new IllegalStateException();
                  };
              int[] prompt = cuts.secondPass(kept);
              boolean right =
                  secondPasses.computeIfAbsent(
                      java.util.Arrays.toString(prompt),
                      p -> matches(tokenizer, answer(rt, prompt, eos, maxTokens), answer));
              tally.record(m, li, d, right);
            }
            done++;
            if (done % 10 == 0 || done == total) {
              log.printf(
                  "  %d/%d prompts, %.0f s%n", done, total, (System.nanoTime() - start) / 1e9);
              log.flush();
            }
          }
        }
        int k = config.topKs().get(config.topKs().size() / 2);
        log.printf(
            "length %d: full %.3f, recency k=%d %.3f, random k=%d %.3f%n",
            config.lengths().get(li),
            tally.em(Method.FULL, li),
            k,
            tally.em(Method.recency(k), li),
            k,
            tally.em(Method.random(k), li));
        log.flush();
      }
      FirstTokenTimer.Timings timings =
          config.timingPrompts() == 0
              ? FirstTokenTimer.Timings.none()
              : FirstTokenTimer.measure(rt, config, corpus, log);
      return new NeedleReport(config, rt.config().numLayers(), tally, timings);
    }
  }

  /** Every method of the grid, FULL first. */
  static List<Method> methods(int layers, List<Integer> topKs) {
    List<Method> out = new ArrayList<>(List.of(Method.FULL));
    for (int layer = 0; layer < layers; layer++) {
      for (int k : topKs) {
        for (Granularity g : Granularity.values()) {
          out.add(Method.gemFilter(layer, k, g));
        }
      }
    }
    for (int k : topKs) {
      out.add(Method.recency(k));
      out.add(Method.random(k));
    }
    return out;
  }

  /** The j-th prompt of a cell: the needle kinds rotate over cells and prompts. */
  static RetrievalSample sample(
      RetrievalCorpus corpus, NeedleEvalConfig config, int li, int d, int j) {
    FactKind[] kinds = FactKind.values();
    SplittableRandom random =
        new SplittableRandom(config.seed() * 1_000_003L + li * 10_007L + d * 101L + j);
    return corpus.needle(
        config.lengths().get(li), config.depth(d), kinds[(li + d + j) % kinds.length], random);
  }

  static int[] answer(ModelRuntime rt, int[] prompt, int eos, int maxTokens) {
    return rt.generator()
        .generate(
            GenerationRequest.of(
                Prompt.ofTokens(prompt), SamplingOptions.GREEDY, Set.of(eos), maxTokens),
            token -> true)
        .tokens();
  }

  static boolean matches(CorpusTokenizer tokenizer, int[] generated, String answer) {
    return tokenizer.decode(generated).strip().equals(answer);
  }
}
