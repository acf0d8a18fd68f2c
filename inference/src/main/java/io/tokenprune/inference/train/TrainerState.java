package io.tokenprune.inference.train;

/**
 * Where a run is: everything besides weights and moments that a resumed run needs to continue the
 * same trajectory.
 *
 * @param stage index of the current curriculum stage (== stages.size() when finished)
 * @param stageStep steps taken in that stage
 * @param step steps taken in all; each step's data is seeded by (seed, step)
 * @param lrScale the NaN guard's learning-rate factor (halved on each skipped step)
 * @param skipped steps skipped for a non-finite loss or gradient
 * @param elapsedMillis training wall time so far, summed over sessions
 */
public record TrainerState(
    int stage, int stageStep, long step, double lrScale, int skipped, long elapsedMillis) {
  static TrainerState start() {
    return new TrainerState(0, 0, 0, 1.0, 0, 0);
  }
}
