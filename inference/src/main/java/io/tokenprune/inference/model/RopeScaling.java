package io.tokenprune.inference.model;

/**
 * config.json's {@code rope_scaling}.
 *
 * @param factor context extension factor (LINEAR, LLAMA3)
 * @param lowFreqFactor LLAMA3: wavelengths longer than originalMax/lowFreqFactor are divided by
 *     factor
 * @param highFreqFactor LLAMA3: wavelengths shorter than originalMax/highFreqFactor are unchanged;
 *     those in between are interpolated
 * @param originalMaxPositionEmbeddings LLAMA3: the pre-extension context length
 */
public record RopeScaling(
    Type type,
    double factor,
    double lowFreqFactor,
    double highFreqFactor,
    int originalMaxPositionEmbeddings) {

  /** Supported scaling types; others (yarn, dynamic, longrope) are rejected at load. */
  public enum Type {
    NONE,
    LINEAR,
    LLAMA3
  }

  public static final RopeScaling NONE = new RopeScaling(Type.NONE, 1, 0, 0, 0);

  public RopeScaling {
    if (type == null) {
      throw new IllegalArgumentException("rope scaling type must not be null");
    }
    if (type != Type.NONE && !(factor > 0)) {
      throw new IllegalArgumentException("rope_scaling factor must be > 0, got " + factor);
    }
    if (type == Type.LLAMA3) {
      if (!(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor)) {
        throw new IllegalArgumentException(
            "llama3 rope_scaling needs 0 < low_freq_factor < high_freq_factor, got "
                + lowFreqFactor
                + ", "
                + highFreqFactor);
      }
      if (originalMaxPositionEmbeddings <= 0) {
        throw new IllegalArgumentException(
            "llama3 rope_scaling needs original_max_position_embeddings > 0, got "
                + originalMaxPositionEmbeddings);
      }
    }
  }

  public static RopeScaling linear(double factor) {
    return new RopeScaling(Type.LINEAR, factor, 0, 0, 0);
  }

  public static RopeScaling llama3(
      double factor, double lowFreqFactor, double highFreqFactor, int originalMax) {
    return new RopeScaling(Type.LLAMA3, factor, lowFreqFactor, highFreqFactor, originalMax);
  }
}
