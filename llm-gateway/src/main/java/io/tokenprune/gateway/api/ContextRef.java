package io.tokenprune.gateway.api;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The pruned context a chat request names in its {@code tokenprune} extension field: {@code
 * {"document": "doc-1"}} or {@code {"video_stream": "cam-1", "last_seconds": 300}}.
 */
public sealed interface ContextRef {
  /** The id the policy is resolved for and the error messages name. */
  String id();

  /**
   * A document ingested on tp.docs; GemFilter selects from it.
   *
   * @param topK overrides the policy's topK for this request when present
   */
  record Document(String id, OptionalInt topK) implements ContextRef {
    public Document {
      requireId(id, "tokenprune.document");
      if (topK.isPresent() && topK.getAsInt() < 1) {
        throw new IllegalArgumentException("tokenprune.top_k must be >= 1, got " + topK.getAsInt());
      }
    }
  }

  /**
   * A video stream's compact segments held in memory.
   *
   * @param lastSeconds only segments that end within this many seconds of the stream's newest
   *     segment (stream time); empty for every segment held
   */
  record Video(String id, OptionalDouble lastSeconds) implements ContextRef {
    public Video {
      requireId(id, "tokenprune.video_stream");
      if (lastSeconds.isPresent()
          && !(lastSeconds.getAsDouble() > 0 && Double.isFinite(lastSeconds.getAsDouble()))) {
        throw new IllegalArgumentException(
            "tokenprune.last_seconds must be a finite number > 0, got "
                + lastSeconds.getAsDouble());
      }
    }
  }

  private static void requireId(String id, String field) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty string");
    }
  }
}
