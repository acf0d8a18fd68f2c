package io.tokenprune.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.deploy.serve.BundledModel;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.train.CorpusTokenizer;
import io.tokenprune.inference.train.FactKind;
import io.tokenprune.inference.train.RetrievalCorpus;
import io.tokenprune.inference.train.RetrievalSample;
import io.tokenprune.inference.train.WordLists;
import io.tokenprune.reducer.gemfilter.TokenSelection;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bundled model on a fixed, seeded set of needle prompts, through the runtime's own paths
 * (generator for the full context; filter, the reducer's TOKEN selection and generator for
 * GemFilter). The floors are the issue's, not fitted to this set: full-context exact match at least
 * 0.9, GemFilter (L=2, k=128, TOKEN) at least 0.85, as MODEL_CARD.md documents. On the bundled
 * weights the set scores 19 of 20 and 18 of 20, so two more wrong answers on either path fail it; a
 * broken forward, filter, selection or second pass scores near 0 (random-k scores 0.00).
 */
class BundledModelNeedleTest {
  static final int PROMPTS = 20;
  static final int LENGTH = 1024;
  static final long SEED = 424_242L;
  static final int FILTER_LAYER = 2; // one of the two layers the card trained as filters
  static final int TOP_K = 128;
  static final double FULL_FLOOR = 0.90;
  static final double GEMFILTER_FLOOR = 0.85;

  @Test
  void answersFromTheFullContextAndFromGemFilterSelections() throws Exception {
    Path dir = Path.of(System.getProperty("tp.demo.model", "../models/" + BundledModel.NAME));
    assertThat(BundledModel.present(dir)).as("the bundled model at %s", dir).isTrue();
    int full = 0;
    int gemFilter = 0;
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu());
        CorpusTokenizer tokenizer = CorpusTokenizer.load(dir)) {
      RetrievalCorpus corpus = new RetrievalCorpus(tokenizer, WordLists.bundled());
      FactKind[] kinds = FactKind.values();
      for (int i = 0; i < PROMPTS; i++) {
        RetrievalSample s =
            corpus.needle(
                LENGTH, (i % 10) / 9.0, kinds[i % kinds.length], new SplittableRandom(SEED + i));
        String answer = s.asked().get(0).fact().reply();
        int maxTokens = s.asked().get(0).answerIds().length + 2;
        int[] prompt = s.prompt(0);
        int[] generated = NeedleEval.answer(rt, prompt, tokenizer.eos(), maxTokens);
        full += NeedleEval.matches(tokenizer, generated, answer) ? 1 : 0;

        float[] scores = rt.filter().scores(prompt, FILTER_LAYER);
        int[] kept =
            TokenSelection.select(scores, DocumentCuts.POOL_KERNEL, TOP_K, 1, s.documentEnd());
        assertThat(kept).hasSize(TOP_K);
        int[] second = DocumentCuts.secondPass(s, kept);
        generated = NeedleEval.answer(rt, second, tokenizer.eos(), maxTokens);
        gemFilter += NeedleEval.matches(tokenizer, generated, answer) ? 1 : 0;
      }
    }
    assertThat((double) full / PROMPTS)
        .as("full-context exact match")
        .isGreaterThanOrEqualTo(FULL_FLOOR);
    assertThat((double) gemFilter / PROMPTS)
        .as("GemFilter L=%d k=%d exact match", FILTER_LAYER, TOP_K)
        .isGreaterThanOrEqualTo(GEMFILTER_FLOOR);
  }
}
