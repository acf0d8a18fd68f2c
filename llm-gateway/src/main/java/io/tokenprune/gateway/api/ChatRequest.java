package io.tokenprune.gateway.api;

import static io.tokenprune.gateway.api.JsonFields.bool;
import static io.tokenprune.gateway.api.JsonFields.number;
import static io.tokenprune.gateway.api.JsonFields.present;
import static io.tokenprune.gateway.api.JsonFields.requiredString;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.inference.text.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed, validated {@code POST /v1/chat/completions} body. Fields OpenAI defines and this
 * gateway does not use (user, presence_penalty, ...) are ignored, as OpenAI clients send them; the
 * {@code tokenprune} extension is strict, so a typo there is an error rather than a silently
 * unpruned request.
 *
 * @param maxTokens from max_tokens or max_completion_tokens, else the configured default
 * @param temperature 0 to 2, default 1; 0 is greedy
 * @param topP (0, 1], default 1
 * @param seed the sampling seed, or empty for a fresh one
 * @param stop up to 4 non-empty stop strings
 * @param includeUsage stream_options.include_usage: send a usage chunk before [DONE]
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    int maxTokens,
    double temperature,
    double topP,
    OptionalLong seed,
    List<String> stop,
    boolean stream,
    boolean includeUsage,
    Optional<ContextRef> context) {

  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  public ChatRequest {
    messages = List.copyOf(messages);
    stop = List.copyOf(stop);
  }

  /** The last message's content: the question a document or video context is asked. */
  public String question() {
    return messages.get(messages.size() - 1).content();
  }

  /**
   * @throws ApiException 400 for malformed JSON or fields, 413 for too many messages
   */
  public static ChatRequest parse(byte[] body, RequestLimits limits, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          null, "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest(null, "cannot read the request body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest(null, "request body must be a JSON object");
    }
    String model = requiredString(root, "model");
    List<ChatMessage> messages = messages(root.get("messages"), limits);
    int maxTokens = maxTokens(root, limits);
    double temperature = number(root, "temperature", 1.0);
    if (temperature < 0 || temperature > 2) {
      throw ApiException.badRequest(
          "temperature", "temperature must be in [0, 2], got " + temperature);
    }
    double topP = number(root, "top_p", 1.0);
    if (!(topP > 0 && topP <= 1)) {
      throw ApiException.badRequest("top_p", "top_p must be in (0, 1], got " + topP);
    }
    OptionalLong seed = OptionalLong.empty();
    JsonNode s = present(root, "seed");
    if (s != null) {
      if (!s.isIntegralNumber() || !s.canConvertToLong()) {
        throw ApiException.badRequest("seed", "seed must be an integer, got " + s);
      }
      seed = OptionalLong.of(s.asLong());
    }
    JsonNode n = present(root, "n");
    if (n != null && !(n.isIntegralNumber() && n.asInt() == 1)) {
      throw ApiException.badRequest("n", "only n = 1 is supported, got " + n);
    }
    boolean stream = bool(root, "stream");
    boolean includeUsage = false;
    JsonNode options = present(root, "stream_options");
    if (options != null) {
      if (!options.isObject()) {
        throw ApiException.badRequest("stream_options", "stream_options must be an object");
      }
      includeUsage = bool(options, "include_usage");
    }
    return new ChatRequest(
        model,
        messages,
        maxTokens,
        temperature,
        topP,
        seed,
        stop(present(root, "stop")),
        stream,
        includeUsage,
        TokenpruneField.parse(present(root, "tokenprune"), messages));
  }

  private static List<ChatMessage> messages(JsonNode node, RequestLimits limits) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest("messages", "messages must be a non-empty array");
    }
    if (node.size() > limits.maxMessages()) {
      throw ApiException.tooLarge(
          node.size() + " messages exceed the limit of " + limits.maxMessages());
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject()) {
        throw ApiException.badRequest(where, where + " must be an object");
      }
      String role = m.path("role").asText("");
      if (role.equals("developer")) {
        role = "system"; // OpenAI's newer name for the system role
      }
      if (!ROLES.contains(role)) {
        throw ApiException.badRequest(
            where + ".role",
            where + ".role must be system, user or assistant, got " + m.get("role"));
      }
      out.add(new ChatMessage(role, content(m.get("content"), where)));
    }
    return out;
  }

  /** A string, or an array of {"type": "text", "text": ...} parts joined without separator. */
  private static String content(JsonNode c, String where) {
    if (c != null && c.isTextual()) {
      return c.asText();
    }
    if (c != null && c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        String type = part.path("type").asText("");
        if (!type.equals("text") || !part.path("text").isTextual()) {
          throw ApiException.badRequest(
              where + ".content",
              where
                  + ".content: only text parts are supported, got a part of type '"
                  + type
                  + "'; name a video stream with the tokenprune field instead of sending images");
        }
        sb.append(part.get("text").asText());
      }
      return sb.toString();
    }
    throw ApiException.badRequest(
        where + ".content", where + ".content must be a string or an array of text parts");
  }

  private static int maxTokens(JsonNode root, RequestLimits limits) {
    JsonNode node = present(root, "max_completion_tokens");
    String field = "max_completion_tokens";
    if (node == null) {
      node = present(root, "max_tokens");
      field = "max_tokens";
    }
    if (node == null) {
      return limits.defaultMaxTokens();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw ApiException.badRequest(field, field + " must be an integer >= 1, got " + node);
    }
    if (node.asInt() > limits.maxTokensCap()) {
      throw ApiException.badRequest(
          field,
          field + " " + node.asInt() + " exceeds this gateway's cap of " + limits.maxTokensCap());
    }
    return node.asInt();
  }

  private static List<String> stop(JsonNode node) {
    if (node == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray() && node.size() <= 4) {
      for (JsonNode s : node) {
        if (!s.isTextual()) {
          throw ApiException.badRequest("stop", "stop must hold strings, got " + s);
        }
        out.add(s.asText());
      }
    } else {
      throw ApiException.badRequest("stop", "stop must be a string or an array of up to 4 strings");
    }
    if (out.stream().anyMatch(String::isEmpty)) {
      throw ApiException.badRequest("stop", "stop strings must not be empty");
    }
    return out;
  }
}
