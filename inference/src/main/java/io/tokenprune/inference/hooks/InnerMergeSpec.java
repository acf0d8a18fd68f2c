package io.tokenprune.inference.hooks;

/**
 * Where and how much to merge inside the model.
 *
 * @param layer K: layers 0..K-1 see the whole prompt, layers K and up the merged one; K >= 1
 *     because layer K-1's attention chooses the kept tokens
 * @param ratio r in [0, 1): round(Nv * (1 - r)) of the span's Nv tokens are kept; 0 merges nothing
 * @param spanStart index of the span's first input in the prompt
 * @param spanLength Nv, the span's length (usually the visual tokens)
 */
public record InnerMergeSpec(int layer, double ratio, int spanStart, int spanLength) {
  public InnerMergeSpec {
    if (layer < 1) {
      throw new IllegalArgumentException("merge layer must be >= 1, got " + layer);
    }
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("merge ratio must be in [0, 1), got " + ratio);
    }
    if (spanStart < 0 || spanLength < 1) {
      throw new IllegalArgumentException(
          "merge span must start >= 0 and hold >= 1 token, got start "
              + spanStart
              + ", length "
              + spanLength);
    }
  }

  public int spanEnd() {
    return spanStart + spanLength;
  }

  /**
   * @throws IllegalArgumentException when the layer is not inside the model, or the span does not
   *     lie strictly before the prompt's last input (whose attention picks the kept tokens)
   */
  public void checkAgainst(int numLayers, int promptLength) {
    if (layer >= numLayers) {
      throw new IllegalArgumentException(
          "merge layer " + layer + " must be < the model's " + numLayers + " layers");
    }
    if (spanEnd() > promptLength - 1) {
      throw new IllegalArgumentException(
          "merge span ["
              + spanStart
              + ", "
              + spanEnd()
              + ") must end before the prompt's last input (index "
              + (promptLength - 1)
              + ")");
    }
  }
}
