package io.tokenprune.gateway.video;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.util.LinkedHashSet;
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

  /**
   * Decodes segments' tokens into one span.
   *
   * @param used consecutive segments of one stream, oldest first, all of the same token dim
   */
  public static VisualSpan of(String streamId, List<CompactSegment> used) {
    int dim = used.get(0).getDim();
    long count = used.stream().mapToLong(CompactSegment::getTokenCount).sum();
    float[] rows = new float[Math.toIntExact(count * dim)];
    int at = 0;
    long original = 0;
    LinkedHashSet<Long> versions = new LinkedHashSet<>();
    for (CompactSegment s : used) {
      float[] t = TensorCodec.decode(s.getTokens(), s.getDtype());
      if (t.length != (long) s.getTokenCount() * dim) {
        throw new IllegalStateException(
            "segment "
                + s.getSegmentIndex()
                + " of "
                + streamId
                + " holds "
                + t.length
                + " values, not tokenCount x dim = "
                + s.getTokenCount()
                + " x "
                + dim);
      }
      System.arraycopy(t, 0, rows, at, t.length);
      at += t.length;
      original += s.getOriginalTokenCount();
      versions.add(s.getPolicyVersion());
    }
    CompactSegment first = used.get(0);
    CompactSegment last = used.get(used.size() - 1);
    return new VisualSpan(
        streamId,
        rows,
        (int) count,
        dim,
        used.size(),
        first.getFirstSeq(),
        last.getLastSeq(),
        first.getStartPtsMicros(),
        last.getEndPtsMicros(),
        original,
        List.copyOf(versions));
  }
}
