package io.tokenprune.schemas.serde;

import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.DeadLetter;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.VideoFrame;

/** One factory method per topic value type, so callers need not spell the generic type. */
public final class RecordSerdes {
  private RecordSerdes() {}

  public static AvroSerde<VideoFrame> videoFrame() {
    return AvroSerde.of(VideoFrame.class);
  }

  public static AvroSerde<CompactSegment> compactSegment() {
    return AvroSerde.of(CompactSegment.class);
  }

  public static AvroSerde<DocumentChunk> documentChunk() {
    return AvroSerde.of(DocumentChunk.class);
  }

  public static AvroSerde<ContextRequest> contextRequest() {
    return AvroSerde.of(ContextRequest.class);
  }

  public static AvroSerde<CompactContext> compactContext() {
    return AvroSerde.of(CompactContext.class);
  }

  public static AvroSerde<DeadLetter> deadLetter() {
    return AvroSerde.of(DeadLetter.class);
  }
}
