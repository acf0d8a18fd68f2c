package io.tokenprune.reducer.docs.select;

import io.tokenprune.schemas.policy.Granularity;
import java.util.Objects;

/**
 * What one selection keeps.
 *
 * @param layer the filter layer L (checked against the model when used)
 * @param topK tokens to keep, the budget for SENTENCE
 * @param poolKernel odd average-pool width (GemFilter: 5)
 * @param granularity single tokens, or whole sentences
 */
public record SelectionSpec(int layer, int topK, int poolKernel, Granularity granularity) {
  public SelectionSpec {
    Objects.requireNonNull(granularity, "granularity");
    if (layer < 0) {
      throw new IllegalArgumentException("filter layer must be >= 0, got " + layer);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, got " + topK);
    }
    if (poolKernel < 1 || poolKernel % 2 == 0) {
      throw new IllegalArgumentException("poolKernel must be odd and >= 1, got " + poolKernel);
    }
  }
}
