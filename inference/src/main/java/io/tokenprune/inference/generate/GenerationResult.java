package io.tokenprune.inference.generate;

import java.util.Arrays;

/**
 * What a generation produced and what it cost.
 *
 * @param tokens generated ids, stop token excluded
 * @param promptTokens T, the prompt's inputs before any merge
 * @param mergedTokens prompt inputs the inner merge folded away (0 without one)
 * @param kvCacheLengths tokens the KV cache holds per layer at the end: layers below the merge
 *     layer hold every prompt input, the others T - merged, plus decoded tokens
 */
public record GenerationResult(
    int[] tokens,
    StopReason stopReason,
    int promptTokens,
    int mergedTokens,
    int[] kvCacheLengths,
    long prefillNanos,
    long decodeNanos) {

  public GenerationResult {
    tokens = tokens.clone();
    kvCacheLengths = kvCacheLengths.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  @Override
  public int[] kvCacheLengths() {
    return kvCacheLengths.clone();
  }

  /** Tokens cached at the last layer: the sequence length the decoder works on. */
  public int kvCacheLength() {
    return kvCacheLengths[kvCacheLengths.length - 1];
  }

  /** Cached tokens summed over layers, which KV memory is proportional to. */
  public long kvCacheTokens() {
    return Arrays.stream(kvCacheLengths).asLongStream().sum();
  }
}
