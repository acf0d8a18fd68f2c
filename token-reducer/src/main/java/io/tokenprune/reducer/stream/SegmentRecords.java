package io.tokenprune.reducer.stream;

import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.window.WindowFlush;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;

/** Builds the CompactSegment record for one emitted segment. */
final class SegmentRecords {
  private SegmentRecords() {}

  static CompactSegment of(
      String streamId, long index, WindowFlush.Emitted e, TensorDtype dtype, long policyVersion) {
    CompressedSegment c = e.segment();
    int m = c.tokenCount();
    int[] positions = new int[2 * m];
    for (int i = 0; i < m; i++) {
      positions[2 * i] = c.frameOffsets()[i];
      positions[2 * i + 1] = c.patchIndices()[i];
    }
    return CompactSegment.newBuilder()
        .setStreamId(streamId)
        .setSegmentIndex(index)
        .setFirstSeq(e.firstSeq())
        .setLastSeq(e.lastSeq())
        .setStartPtsMicros(e.frames().get(0).ptsMicros())
        .setEndPtsMicros(e.frames().get(e.frames().size() - 1).ptsMicros())
        .setDim(c.dim())
        .setDtype(dtype)
        .setTokenCount(m)
        .setOriginalTokenCount(c.originalTokenCount())
        .setTokens(ByteBuffer.wrap(TensorCodec.encode(c.tokens(), dtype)))
        .setPositions(ByteBuffer.wrap(TensorCodec.encodeInts(positions)))
        .setKinds(ByteBuffer.wrap(c.kinds()))
        .setPolicyVersion(policyVersion)
        .build();
  }
}
