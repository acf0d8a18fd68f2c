package io.tokenprune.inference.model;

/**
 * RoPE inverse frequencies, as in Hugging Face's rotary embedding: {@code inv[i] = theta^(-2i/d)}
 * for i in [0, d/2), then adjusted by the scaling type. Position p rotates dimension pair (i, i +
 * d/2) by angle {@code p * inv[i]} (the "rotate half" layout).
 */
public final class RopeFrequencies {
  private RopeFrequencies() {}

  /**
   * @return [headDim / 2] inverse frequencies
   */
  public static float[] inverse(int headDim, double theta, RopeScaling scaling) {
    if (headDim <= 0 || headDim % 2 != 0) {
      throw new IllegalArgumentException("head dim must be even and > 0, got " + headDim);
    }
    int half = headDim / 2;
    float[] inv = new float[half];
    for (int i = 0; i < half; i++) {
      double base = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
      inv[i] = (float) scaled(base, scaling);
    }
    return inv;
  }

  private static double scaled(double inv, RopeScaling s) {
    return switch (s.type()) {
      case NONE -> inv;
      case LINEAR -> inv / s.factor();
      case LLAMA3 -> llama3(inv, s);
    };
  }

  /**
   * Llama 3.1's rule: long wavelengths (low frequencies) are divided by factor, short ones kept,
   * and the band between is a linear blend by {@code smooth = (origMax / wavelen - low) / (high -
   * low)}.
   */
  private static double llama3(double inv, RopeScaling s) {
    double wavelen = 2 * Math.PI / inv;
    double lowFreqWavelen = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
    double highFreqWavelen = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
    if (wavelen < highFreqWavelen) {
      return inv;
    }
    if (wavelen > lowFreqWavelen) {
      return inv / s.factor();
    }
    double smooth =
        (s.originalMaxPositionEmbeddings() / wavelen - s.lowFreqFactor())
            / (s.highFreqFactor() - s.lowFreqFactor());
    return (1 - smooth) * inv / s.factor() + smooth * inv;
  }
}
