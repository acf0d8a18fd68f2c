package io.tokenprune.deploy.eval;

import io.tokenprune.inference.train.CorpusTokenizer;
import io.tokenprune.inference.train.RetrievalSample;
import io.tokenprune.inference.train.ViewSelector;
import io.tokenprune.schemas.policy.Granularity;
import java.util.Map;

/**
 * The trainer's views from the model's own filter scores, cut by the same code as the needle
 * evaluation ({@link DocumentCuts}: kernel-5 pooling, then the runtime's TOKEN or SENTENCE top-k
 * over the document), so what the second pass trains on is what it is given at run time.
 *
 * <p>Not thread-safe (it caches token widths); the trainer calls it from one thread.
 */
public final class FilterViewSelector implements ViewSelector {
  private final Map<Integer, Integer> widths = DocumentCuts.widthCache();

  @Override
  public int[] select(
      RetrievalSample sample, CorpusTokenizer tokenizer, float[] scores, int k, boolean sentences) {
    return new DocumentCuts(sample, tokenizer, widths)
        .gemFilter(scores, k, sentences ? Granularity.SENTENCE : Granularity.TOKEN);
  }
}
