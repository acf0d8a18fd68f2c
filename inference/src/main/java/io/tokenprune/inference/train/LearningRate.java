package io.tokenprune.inference.train;

/**
 * Linear warmup from 0 to the peak, then cosine decay to {@code peak * floorRatio} at the horizon
 * (and flat after it). Steps are positions in the curriculum's plan, so a stage that ends early
 * jumps the schedule to where the next stage was planned to start.
 *
 * @param peak highest learning rate, > 0
 * @param floorRatio the final rate as a fraction of the peak, in [0, 1]
 * @param warmup steps of the linear ramp, >= 0
 * @param horizon the step where the decay ends, > warmup
 */
public record LearningRate(double peak, double floorRatio, int warmup, int horizon) {
  public LearningRate {
    if (!(peak > 0) || Double.isInfinite(peak)) {
      throw new IllegalArgumentException("peak learning rate must be finite and > 0, got " + peak);
    }
    if (!(floorRatio >= 0 && floorRatio <= 1)) {
      throw new IllegalArgumentException("floorRatio must be in [0, 1], got " + floorRatio);
    }
    if (warmup < 0 || horizon <= warmup) {
      throw new IllegalArgumentException(
          "need 0 <= warmup < horizon, got warmup " + warmup + " and horizon " + horizon);
    }
  }

  /** The rate at a planned step (0-based). */
  public double at(int step) {
    if (step < warmup) {
      return peak * (step + 1) / warmup;
    }
    double progress = Math.min(1.0, (double) (step - warmup) / (horizon - warmup));
    double floor = peak * floorRatio;
    return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
