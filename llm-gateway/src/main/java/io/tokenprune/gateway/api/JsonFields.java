package io.tokenprune.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading request fields with OpenAI's conventions: JSON null is "not given", types are strict. */
final class JsonFields {
  private JsonFields() {}

  static String requiredString(JsonNode root, String field) {
    JsonNode n = present(root, field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw ApiException.badRequest(field, field + " is required and must be a non-empty string");
    }
    return n.asText();
  }

  static double number(JsonNode root, String field, double fallback) {
    JsonNode n = present(root, field);
    if (n == null) {
      return fallback;
    }
    if (!n.isNumber()) {
      throw ApiException.badRequest(field, field + " must be a number, got " + n);
    }
    return n.asDouble();
  }

  static boolean bool(JsonNode root, String field) {
    JsonNode n = present(root, field);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw ApiException.badRequest(field, field + " must be true or false, got " + n);
    }
    return n.asBoolean();
  }

  /** The field, or null when absent or JSON null (OpenAI treats null as "not given"). */
  static JsonNode present(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n == null || n.isNull() ? null : n;
  }
}
