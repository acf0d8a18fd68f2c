package io.tokenprune.inference.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws token ids from logits per {@link SamplingOptions}. One instance per generated sequence: it
 * carries the seeded generator's state from step to step.
 */
public final class Sampler {
  private final SamplingOptions options;
  private final SplittableRandom random;

  public Sampler(SamplingOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  /**
   * @param logits [V]
   * @return the chosen id; ties under greedy go to the lowest id
   * @throws IllegalArgumentException when the logits are empty or contain NaN
   */
  public int next(float[] logits) {
    if (logits.length == 0) {
      throw new IllegalArgumentException("no logits to sample from");
    }
    int best = argmax(logits);
    if (options.greedy()) {
      return best;
    }
    // softmax(logits / T) in double, shifted by the max for stability
    double max = logits[best];
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp((logits[i] - max) / options.temperature());
      sum += p[i];
    }
    int[] order = nucleus(p, sum, options.topP());
    double kept = 0;
    for (int i : order) {
      kept += p[i];
    }
    double u = random.nextDouble() * kept;
    double acc = 0;
    for (int i : order) {
      acc += p[i];
      if (u < acc) {
        return i;
      }
    }
    return order[order.length - 1];
  }

  /** Indices by descending probability, cut after the cumulative share first reaches topP. */
  static int[] nucleus(double[] p, double sum, double topP) {
    Integer[] idx = new Integer[p.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    if (topP >= 1) {
      return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
    Arrays.sort(idx, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    double need = topP * sum;
    double acc = 0;
    int n = 0;
    while (n < idx.length) {
      acc += p[idx[n++]];
      if (acc >= need) {
        break;
      }
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (Float.isNaN(logits[i])) {
        throw new IllegalArgumentException("logit " + i + " is NaN");
      }
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    if (Float.isNaN(logits[0])) {
      throw new IllegalArgumentException("logit 0 is NaN");
    }
    return best;
  }
}
