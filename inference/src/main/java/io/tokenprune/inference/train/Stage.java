package io.tokenprune.inference.train;

/**
 * One step of the length curriculum: sequences of {@code length} tokens, {@code batch} per step.
 * The stage ends after {@code maxSteps}, or earlier once held-out exact match reaches the trainer's
 * threshold after at least {@code minSteps}; held-out evaluation runs every {@code evalEvery}
 * steps.
 */
public record Stage(int length, int batch, int minSteps, int maxSteps, int evalEvery) {
  public Stage {
    if (length < 64) {
      throw new IllegalArgumentException("stage length must be >= 64, got " + length);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("stage batch must be >= 1, got " + batch);
    }
    if (minSteps < 0 || maxSteps < 1 || minSteps > maxSteps) {
      throw new IllegalArgumentException(
          "need 0 <= minSteps <= maxSteps and maxSteps >= 1, got " + minSteps + ", " + maxSteps);
    }
    if (evalEvery < 1) {
      throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
    }
  }

  /**
   * Parses {@code LENGTHxBATCH:MIN-MAX@EVAL}, e.g. {@code 512x8:100-400@50}.
   *
   * @throws IllegalArgumentException naming the text when it does not parse
   */
  public static Stage parse(String text) {
    try {
      String[] lengthRest = text.split("x", 2);
      String[] batchRest = lengthRest[1].split(":", 2);
      String[] stepsEval = batchRest[1].split("@", 2);
      String[] steps = stepsEval[0].split("-", 2);
      return new Stage(
          Integer.parseInt(lengthRest[0].strip()),
          Integer.parseInt(batchRest[0].strip()),
          Integer.parseInt(steps[0].strip()),
          Integer.parseInt(steps[1].strip()),
          Integer.parseInt(stepsEval[1].strip()));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "stage '" + text + "' is not LENGTHxBATCH:MIN-MAX@EVAL, e.g. 512x8:100-400@50", e);
    }
  }

  @Override
  public String toString() {
    return length + "x" + batch + ":" + minSteps + "-" + maxSteps + "@" + evalEvery;
  }
}
