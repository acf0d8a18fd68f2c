package io.tokenprune.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.video.HeldSegment;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.schemas.CompactSegment;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * GET /v1/streams and GET /v1/streams/{id}/segments: what the stream memory holds, as the timeline
 * a person or a dashboard reads (frame ranges, tokens kept against the original count).
 */
final class StreamRoutes {
  private final StreamMemory memory;
  private final ObjectMapper json;

  StreamRoutes(StreamMemory memory, ObjectMapper json) {
    this.memory = memory;
    this.json = json;
  }

  ObjectNode streams() {
    ObjectNode root = json.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (StreamMemory.StreamInfo s : memory.streams()) {
      ObjectNode n = data.addObject();
      n.put("id", s.streamId());
      n.put("object", "video_stream");
      n.put("segments", s.segments());
      n.put("tokens", s.tokens());
      n.put("original_tokens", s.originalTokens());
      n.put("first_seq", s.firstSeq());
      n.put("last_seq", s.lastSeq());
      n.put("start_pts_micros", s.startPtsMicros());
      n.put("end_pts_micros", s.endPtsMicros());
      n.put("last_segment_index", s.lastSegmentIndex());
      n.put("dim", s.dim());
      n.put("policy_version", s.policyVersion());
    }
    return root;
  }

  /**
   * @throws ApiException 404 for a stream the memory does not hold
   */
  ObjectNode segments(String streamId) {
    List<HeldSegment> held =
        memory
            .segments(streamId)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "stream_not_found", "id", "unknown video stream " + streamId));
    ObjectNode root = json.createObjectNode();
    root.put("object", "list");
    root.put("stream", streamId);
    ArrayNode data = root.putArray("data");
    for (HeldSegment h : held) {
      CompactSegment s = h.segment();
      ObjectNode n = data.addObject();
      n.put("segment_index", s.getSegmentIndex());
      n.put("first_seq", s.getFirstSeq());
      n.put("last_seq", s.getLastSeq());
      n.put("frames", s.getLastSeq() - s.getFirstSeq() + 1);
      n.put("start_pts_micros", s.getStartPtsMicros());
      n.put("end_pts_micros", s.getEndPtsMicros());
      n.put("tokens", s.getTokenCount());
      n.put("original_token_count", s.getOriginalTokenCount());
      n.put(
          "kept_ratio",
          s.getOriginalTokenCount() == 0
              ? 0.0
              : (double) s.getTokenCount() / s.getOriginalTokenCount());
      int dynamic = dynamicTokens(s.getKinds());
      n.put("static_tokens", s.getTokenCount() - dynamic);
      n.put("dynamic_tokens", dynamic);
      n.put("dim", s.getDim());
      n.put("dtype", s.getDtype().toString());
      n.put("policy_version", s.getPolicyVersion());
      n.put("received_at_millis", h.timestampMillis());
    }
    return root;
  }

  /** Kinds are one byte per token: 0 static, 1 dynamic. */
  private static int dynamicTokens(ByteBuffer kinds) {
    ByteBuffer b = kinds.duplicate();
    int n = 0;
    while (b.hasRemaining()) {
      n += b.get() == 1 ? 1 : 0;
    }
    return n;
  }
}
