package io.tokenprune.gateway;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.util.Random;

/** CompactSegment records as the reducer writes them: F16 tokens, positions, kinds. */
public final class TestSegments {
  private TestSegments() {}

  /**
   * Segment {@code index} of a stream: frames 4*index..4*index+3, one second of PTS per frame,
   * {@code tokens} tokens of width {@code dim} from a seeded Gaussian, the first half static.
   */
  public static CompactSegment segment(
      String stream, long index, int tokens, int dim, long policyVersion) {
    Random r = new Random(stream.hashCode() * 31L + index);
    float[] values = new float[tokens * dim];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextGaussian();
    }
    int[] positions = new int[tokens * 2];
    byte[] kinds = new byte[tokens];
    for (int t = 0; t < tokens; t++) {
      positions[2 * t] = t % 4;
      positions[2 * t + 1] = t;
      kinds[t] = (byte) (t < tokens / 2 ? 0 : 1);
    }
    return CompactSegment.newBuilder()
        .setStreamId(stream)
        .setSegmentIndex(index)
        .setFirstSeq(4 * index)
        .setLastSeq(4 * index + 3)
        .setStartPtsMicros(4 * index * 1_000_000L)
        .setEndPtsMicros((4 * index + 3) * 1_000_000L)
        .setDim(dim)
        .setDtype(TensorDtype.F16)
        .setTokenCount(tokens)
        .setOriginalTokenCount(4 * 196)
        .setTokens(ByteBuffer.wrap(TensorCodec.encode(values, TensorDtype.F16)))
        .setPositions(ByteBuffer.wrap(TensorCodec.encodeInts(positions)))
        .setKinds(ByteBuffer.wrap(kinds))
        .setPolicyVersion(policyVersion)
        .build();
  }

  /** The segment's tokens decoded, [tokens, dim]. */
  public static float[] tokens(CompactSegment s) {
    return TensorCodec.decode(s.getTokens(), s.getDtype());
  }
}
