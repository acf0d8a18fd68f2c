package io.tokenprune.inference.vision;

/**
 * One frame's visual tokens.
 *
 * @param tokens [N, D] row-major
 * @param saliency [N], higher means more important to keep
 */
public record EncodedFrame(float[] tokens, float[] saliency, int patches, int dim) {
  public EncodedFrame {
    if (tokens.length != patches * dim) {
      throw new IllegalArgumentException(
          "tokens has " + tokens.length + " values, expected " + patches + "x" + dim);
    }
    if (saliency.length != patches) {
      throw new IllegalArgumentException(
          "saliency has " + saliency.length + " values, expected " + patches);
    }
  }
}
