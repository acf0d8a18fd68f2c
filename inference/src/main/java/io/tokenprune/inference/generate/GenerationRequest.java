package io.tokenprune.inference.generate;

import io.tokenprune.inference.hooks.InnerMergeSpec;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.util.Optional;
import java.util.Set;

/**
 * One generation.
 *
 * @param stopTokens ids that end generation; callers usually pass the model's eos ids ({@code
 *     config().eosTokenIds()}) plus any of their own
 * @param maxTokens most tokens to generate, >= 0
 * @param innerMerge merge a span of the prompt inside the model, or empty
 */
public record GenerationRequest(
    Prompt prompt,
    SamplingOptions sampling,
    Set<Integer> stopTokens,
    int maxTokens,
    Optional<InnerMergeSpec> innerMerge) {

  public GenerationRequest {
    if (prompt == null || sampling == null || stopTokens == null || innerMerge == null) {
      throw new IllegalArgumentException(
          "prompt, sampling, stopTokens and innerMerge are required");
    }
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
    }
    stopTokens = Set.copyOf(stopTokens);
  }

  public static GenerationRequest of(
      Prompt prompt, SamplingOptions sampling, Set<Integer> stopTokens, int maxTokens) {
    return new GenerationRequest(prompt, sampling, stopTokens, maxTokens, Optional.empty());
  }

  /** The same request with an inner merge. */
  public GenerationRequest withInnerMerge(InnerMergeSpec spec) {
    return new GenerationRequest(prompt, sampling, stopTokens, maxTokens, Optional.of(spec));
  }
}
