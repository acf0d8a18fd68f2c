package io.tokenprune.gateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.gateway.api.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a client sees when the upstream answers with an error. The client's own mistakes (400) and
 * the upstream's overload (429) pass through with the upstream's message; everything else is the
 * gateway's problem, not the client's, and becomes 502: a bad upstream key (401/403), a model the
 * upstream does not serve (404), a crash (5xx).
 */
final class UpstreamErrors {
  private UpstreamErrors() {}

  static ApiException of(int status, byte[] body, UpstreamSettings s, ObjectMapper json) {
    String message = message(body, json);
    String from = "upstream " + s.baseUrl() + " answered " + status + ": " + message;
    return switch (status) {
      case 400, 422 -> ApiException.badRequest(null, "upstream_rejected", from);
      case 429 -> ApiException.overloaded(from);
      case 504, 408 -> ApiException.timeout("upstream_timeout", from);
      default -> ApiException.badGateway(from);
    };
  }

  /** error.message of an OpenAI error body, else the body's first 500 characters. */
  private static String message(byte[] body, ObjectMapper json) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode root = json.readTree(body);
      if (root != null) {
        JsonNode m = root.path("error").path("message");
        if (m.isTextual()) {
          return m.asText();
        }
        if (root.path("error").isTextual()) {
          return root.get("error").asText(); // Ollama's shape
        }
      }
    } catch (IOException e) {
      // not JSON: use the text
    }
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }
}
