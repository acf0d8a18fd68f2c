package io.tokenprune.schemas.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Strict JSON for {@link PrunePolicy}. Unknown fields, duplicate fields, strings where numbers
 * belong, fractions where integers belong and trailing content are all rejected; the message names
 * the field, the value and what is allowed, or the line and column of bad JSON. Granularity is read
 * case-insensitively. Absent and null fields are the same: they inherit.
 */
public final class PolicyJson {
  /** The field names, in the order they are written. */
  public static final List<String> FIELDS =
      Arrays.stream(PrunePolicy.class.getRecordComponents()).map(c -> c.getName()).toList();

  // Configured once here and never changed, which is what makes a shared mapper thread-safe.
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .defaultPropertyInclusion(JsonInclude.Value.construct(Include.NON_NULL, Include.NON_NULL))
          .build();
  private static final JsonMapper PRETTY =
      MAPPER.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

  private PolicyJson() {}

  /**
   * Reads one policy record.
   *
   * @throws IllegalArgumentException with a message fit for the DLQ and for people
   */
  public static PrunePolicy parse(String json) {
    if (json == null) {
      throw new IllegalArgumentException(
          "policy is null: a null value is a tombstone, not a policy");
    }
    if (json.isBlank()) {
      throw new IllegalArgumentException(
          "policy is empty: write a JSON object such as {\"retainRatio\": 0.15}, or {} to inherit"
              + " every field");
    }
    // Two passes over a small record: the tree finds bad syntax and keeps each value's text for
    // the messages of the second pass, which binds the fields and knows where each one is.
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (MismatchedInputException e) {
      throw new IllegalArgumentException(
          "bad JSON" + at(e) + ": content after the policy object; write one object per record", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad JSON" + at(e) + ": " + plain(e), e);
    }
    if (!tree.isObject()) {
      throw new IllegalArgumentException(
          "a policy must be a JSON object, got "
              + (tree.isNull()
                  ? "null (a tombstone is a record with no value at all)"
                  : shown(tree)));
    }
    try {
      return MAPPER.readValue(json, PrunePolicy.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(describe(e, tree), e);
    }
  }

  /** One line of JSON without the null fields: a record value, or the canonical form of one. */
  public static String write(PrunePolicy policy) {
    return write(MAPPER, policy);
  }

  /** Indented JSON without the null fields, for people ({@code policy get}). */
  public static String writePretty(PrunePolicy policy) {
    return write(PRETTY, policy);
  }

  private static String write(JsonMapper mapper, PrunePolicy policy) {
    try {
      return mapper.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + policy + " as JSON", e); // cannot happen
    }
  }

  private static String describe(JsonProcessingException e, JsonNode tree) {
    if (e instanceof ValueInstantiationException
        && e.getCause() instanceof IllegalArgumentException range) {
      return range.getMessage(); // PrunePolicy's range checks: they name field, range and value
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String name = u.getPropertyName();
      return "unknown field \""
          + name
          + "\""
          + at(e)
          + suggestion(name)
              .map(s -> "; did you mean \"" + s + "\"?")
              .orElse("; the fields are " + String.join(", ", FIELDS));
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String field = m.getPath().get(m.getPath().size() - 1).getFieldName();
      String got = tree.has(field) ? ", got " + shown(tree.get(field)) : "";
      if (m.getCause() instanceof InputCoercionException c) {
        return field + " must be an integer that fits in " + bits(c.getTargetType()) + got + at(e);
      }
      Class<?> type = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
      return field + " must be " + expected(type) + got + at(e);
    }
    return "invalid policy" + at(e) + ": " + plain(e);
  }

  private static String expected(Class<?> type) {
    if (type == Granularity.class) {
      return "one of " + Arrays.toString(Granularity.values());
    }
    if (type == Integer.class || type == Long.class) {
      return "an integer";
    }
    if (type == Double.class) {
      return "a number";
    }
    return "a valid value";
  }

  private static String bits(Class<?> type) {
    return type == Long.class || type == long.class ? "64 bits" : "32 bits";
  }

  /** A JSON value as it was written, shortened if long. */
  private static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /** Jackson's message without its advice on Jackson features and its source excerpts. */
  private static String plain(JsonProcessingException e) {
    String s = e.getOriginalMessage();
    for (String cut : new String[] {"\n", " (start marker at", ": enable `", " at [Source"}) {
      int i = s.indexOf(cut);
      s = i < 0 ? s : s.substring(0, i);
    }
    return s;
  }

  private static String at(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    return l == null ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
  }

  /** A known field that differs only in case, '_' or '-' (retain_ratio, RetainRatio). */
  private static Optional<String> suggestion(String unknown) {
    String key = unknown.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    return FIELDS.stream().filter(f -> f.toLowerCase(Locale.ROOT).equals(key)).findFirst();
  }
}
