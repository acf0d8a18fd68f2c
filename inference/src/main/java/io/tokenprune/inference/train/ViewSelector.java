package io.tokenprune.inference.train;

/**
 * GemFilter's selection for a training view, from the filter scores the trainer computed with the
 * model being trained. The selection code lives with the runtime (token-reducer), which depends on
 * this module, so the caller that owns both hands it in; training views then keep exactly what the
 * second pass will be given.
 */
@FunctionalInterface
public interface ViewSelector {
  /**
   * @param sample the training sample; its prompt for the asked question was scored
   * @param tokenizer the sample's tokenizer (sentence bounds need the tokens' text)
   * @param scores [documentEnd + question part] raw filter scores of that prompt
   * @param k document tokens to keep
   * @param sentences keep whole sentences (SENTENCE granularity) instead of single tokens
   * @return kept document positions, ascending, each in [1, documentEnd)
   */
  int[] select(
      RetrievalSample sample, CorpusTokenizer tokenizer, float[] scores, int k, boolean sentences);
}
