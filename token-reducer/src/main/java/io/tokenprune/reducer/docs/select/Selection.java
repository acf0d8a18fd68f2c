package io.tokenprune.reducer.docs.select;

/**
 * The compact context of one question about one document.
 *
 * @param tokenIds [k] the selected document tokens, in their original order
 * @param positions [k] their positions in the full prompt (head, document, question)
 * @param originalLength tokens in the full prompt
 * @param documentStart the prompt position of the document's first token (the head's length)
 * @param documentLength the document's tokens
 * @param filterLayer the layer L that scored them
 * @param text the selected tokens decoded, special tokens skipped (TOKEN granularity may cut a
 *     multi-byte character, which a byte-level tokenizer decodes as U+FFFD)
 * @param cacheHit whether the document's prefill came from the prefix cache
 * @param timings where the time went
 */
public record Selection(
    int[] tokenIds,
    int[] positions,
    int originalLength,
    int documentStart,
    int documentLength,
    int filterLayer,
    String text,
    boolean cacheHit,
    Timings timings) {

  /**
   * Nanoseconds of one selection.
   *
   * @param tokenize tokenizing the question, and the document on a cache miss
   * @param prefill the document's layers 0..L-1 on a cache miss (0 on a hit, and without a cache,
   *     where it is part of {@code score})
   * @param score the question's tokens through layers 0..L-1 and the layer-L scores
   * @param select pooling, top-k or sentences, and decoding the text
   * @param total all of it
   */
  public record Timings(long tokenize, long prefill, long score, long select, long total) {}
}
