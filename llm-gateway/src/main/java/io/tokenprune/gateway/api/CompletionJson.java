package io.tokenprune.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAI response shapes, field for field: {@code chat.completion}, {@code
 * chat.completion.chunk} and the error object. The {@code tokenprune} block rides along as an
 * extension field, which OpenAI clients ignore.
 */
public final class CompletionJson {
  private final ObjectMapper json;

  public CompletionJson(ObjectMapper json) {
    this.json = json;
  }

  /** A whole answer. */
  public ObjectNode completion(
      String id,
      long created,
      String model,
      String text,
      String finishReason,
      Usage usage,
      ObjectNode tokenprune) {
    ObjectNode root = head(id, "chat.completion", created, model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    root.set("usage", usage(usage));
    if (tokenprune != null) {
      root.set("tokenprune", tokenprune);
    }
    return root;
  }

  /**
   * One streamed delta.
   *
   * @param role "assistant" on the first chunk, else null
   * @param content text, or null for none
   * @param finishReason set on the last chunk only
   */
  public ObjectNode chunk(
      String id, long created, String model, String role, String content, String finishReason) {
    ObjectNode root = head(id, "chat.completion.chunk", created, model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (role != null) {
      delta.put("role", role);
    }
    if (content != null) {
      delta.put("content", content);
    }
    choice.putNull("logprobs");
    if (finishReason != null) {
      choice.put("finish_reason", finishReason);
    } else {
      choice.putNull("finish_reason");
    }
    return root;
  }

  /** The usage chunk of stream_options.include_usage: no choices, just usage. */
  public ObjectNode usageChunk(String id, long created, String model, Usage usage) {
    ObjectNode root = head(id, "chat.completion.chunk", created, model);
    root.putArray("choices");
    root.set("usage", usage(usage));
    return root;
  }

  /** {@code usage} with tokenprune's original count beside OpenAI's three fields. */
  public ObjectNode usage(Usage u) {
    ObjectNode n = json.createObjectNode();
    n.put("prompt_tokens", u.promptTokens());
    n.put("completion_tokens", u.completionTokens());
    n.put("total_tokens", u.totalTokens());
    ObjectNode ext = n.putObject("tokenprune");
    ext.put("original_prompt_tokens", u.originalPromptTokens());
    ext.put("inner_merged_tokens", u.innerMergedTokens());
    return n;
  }

  /** {@code {"error": {"message", "type", "param", "code"}}}. */
  public ObjectNode error(ApiException e) {
    ObjectNode root = json.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("message", e.getMessage());
    err.put("type", e.type());
    if (e.param() == null) {
      err.putNull("param");
    } else {
      err.put("param", e.param());
    }
    err.put("code", e.code());
    return root;
  }

  /** {@code GET /v1/models}: one model. */
  public ObjectNode models(String modelId, long created) {
    ObjectNode root = json.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    ObjectNode m = data.addObject();
    m.put("id", modelId);
    m.put("object", "model");
    m.put("created", created);
    m.put("owned_by", "tokenprune");
    return root;
  }

  private ObjectNode head(String id, String object, long created, String model) {
    ObjectNode root = json.createObjectNode();
    root.put("id", id);
    root.put("object", object);
    root.put("created", created);
    root.put("model", model);
    root.putNull("system_fingerprint");
    return root;
  }
}
