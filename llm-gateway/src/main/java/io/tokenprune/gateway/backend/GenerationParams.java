package io.tokenprune.gateway.backend;

import java.util.List;
import java.util.OptionalLong;

/**
 * How to generate, as the request asked.
 *
 * @param temperature 0 for greedy
 * @param seed empty for a fresh random seed
 * @param stop strings that end the answer; the first one found is cut off with what follows
 */
public record GenerationParams(
    int maxTokens, double temperature, double topP, OptionalLong seed, List<String> stop) {
  public GenerationParams {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
    if (temperature < 0 || !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException(
          "need temperature >= 0 and topP in (0, 1], got " + temperature + ", " + topP);
    }
    stop = List.copyOf(stop);
  }

  public static GenerationParams greedy(int maxTokens) {
    return new GenerationParams(maxTokens, 0, 1, OptionalLong.empty(), List.of());
  }
}
