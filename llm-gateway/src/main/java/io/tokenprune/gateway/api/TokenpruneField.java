package io.tokenprune.gateway.api;

import static io.tokenprune.gateway.api.JsonFields.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenprune.inference.text.ChatMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The request's {@code tokenprune} extension field, parsed strictly: an unknown or misplaced field
 * is a 400, so that a typo never turns into a silently unpruned request.
 */
final class TokenpruneField {
  private static final Set<String> FIELDS =
      Set.of("document", "video_stream", "last_seconds", "top_k");

  private TokenpruneField() {}

  /**
   * @param ext the field's value, or null when absent
   * @param messages the request's messages: with a context, the last must be the user's question
   */
  static Optional<ContextRef> parse(JsonNode ext, List<ChatMessage> messages) {
    if (ext == null) {
      return Optional.empty();
    }
    if (!ext.isObject()) {
      throw ApiException.badRequest("tokenprune", "tokenprune must be an object");
    }
    for (Map.Entry<String, JsonNode> e : ext.properties()) {
      if (!FIELDS.contains(e.getKey())) {
        throw ApiException.badRequest(
            "tokenprune." + e.getKey(),
            "unknown field tokenprune."
                + e.getKey()
                + "; the fields are document, top_k, video_stream and last_seconds");
      }
    }
    JsonNode doc = present(ext, "document");
    JsonNode stream = present(ext, "video_stream");
    if ((doc == null) == (stream == null)) {
      throw ApiException.badRequest(
          "tokenprune", "tokenprune must name exactly one of document and video_stream");
    }
    if (!messages.get(messages.size() - 1).role().equals("user")) {
      throw ApiException.badRequest(
          "messages", "with a tokenprune context, the last message must be the user's question");
    }
    try {
      if (doc != null) {
        if (present(ext, "last_seconds") != null) {
          throw ApiException.badRequest(
              "tokenprune.last_seconds", "last_seconds applies to video_stream, not document");
        }
        if (!doc.isTextual()) {
          throw ApiException.badRequest(
              "tokenprune.document", "tokenprune.document must be a string");
        }
        JsonNode k = present(ext, "top_k");
        if (k != null && (!k.isIntegralNumber() || !k.canConvertToInt())) {
          throw ApiException.badRequest("tokenprune.top_k", "tokenprune.top_k must be an integer");
        }
        return Optional.of(
            new ContextRef.Document(
                doc.asText(), k == null ? OptionalInt.empty() : OptionalInt.of(k.asInt())));
      }
      if (present(ext, "top_k") != null) {
        throw ApiException.badRequest(
            "tokenprune.top_k", "top_k applies to document, not video_stream");
      }
      if (!stream.isTextual()) {
        throw ApiException.badRequest(
            "tokenprune.video_stream", "tokenprune.video_stream must be a string");
      }
      JsonNode last = present(ext, "last_seconds");
      if (last != null && !last.isNumber()) {
        throw ApiException.badRequest(
            "tokenprune.last_seconds", "tokenprune.last_seconds must be a number, got " + last);
      }
      return Optional.of(
          new ContextRef.Video(
              stream.asText(),
              last == null ? OptionalDouble.empty() : OptionalDouble.of(last.asDouble())));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("tokenprune", e.getMessage());
    }
  }
}
