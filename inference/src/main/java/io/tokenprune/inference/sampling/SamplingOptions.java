package io.tokenprune.inference.sampling;

/**
 * How to pick the next token.
 *
 * @param temperature 0 for greedy (argmax); otherwise logits are divided by it before the softmax
 * @param topP keep the smallest set of most likely tokens whose probability sums to at least topP
 *     (1 keeps all)
 * @param seed seeds the generator, so equal options and logits give equal tokens
 */
public record SamplingOptions(double temperature, double topP, long seed) {
  public static final SamplingOptions GREEDY = new SamplingOptions(0, 1, 0);

  public SamplingOptions {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
  }

  public boolean greedy() {
    return temperature == 0;
  }

  public static SamplingOptions sample(double temperature, double topP, long seed) {
    return new SamplingOptions(temperature, topP, seed);
  }
}
