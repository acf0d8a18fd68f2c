package io.tokenprune.gateway.backend;

/**
 * The inner merge a video question runs with, from the stream's policy.
 *
 * @param layer K, the policy's innerLayer
 * @param ratio r, the policy's innerRatio: the share of visual tokens merged away at layer K
 * @param policyVersion the version of the policy these came from
 */
public record InnerMergeSettings(int layer, double ratio, long policyVersion) {
  public InnerMergeSettings {
    if (layer < 1) {
      throw new IllegalArgumentException("innerLayer must be >= 1, got " + layer);
    }
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("innerRatio must be in [0, 1), got " + ratio);
    }
  }
}
