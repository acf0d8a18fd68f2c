package io.tokenprune.gateway.video;

import java.util.List;

/**
 * The compact visual tokens of a stream's recent segments, concatenated in segment order, ready to
 * be projected and fed to the model as embeddings.
 *
 * @param rows [count, dim] row-major, decoded to float32
 * @param originalTokens the tokens these segments held before the reducer pruned them
 * @param segmentPolicyVersions the distinct policyVersions of the segments, in first-seen order
 */
public record VisualSpan(
    String streamId,
    float[] rows,
    int count,
    int dim,
    int segments,
    long firstSeq,
    long lastSeq,
    long startPtsMicros,
    long endPtsMicros,
    long originalTokens,
    List<Long> segmentPolicyVersions) {

  public VisualSpan {
    if (count < 1 || dim < 1 || rows.length != (long) count * dim) {
      throw new IllegalArgumentException(
          "visual span needs count x dim = " + count + " x " + dim + " values, got " + rows.length);
    }
    segmentPolicyVersions = List.copyOf(segmentPolicyVersions);
  }
}
