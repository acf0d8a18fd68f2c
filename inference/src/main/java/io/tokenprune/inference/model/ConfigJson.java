package io.tokenprune.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes Hugging Face {@code config.json} for the supported architectures. */
public final class ConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigJson() {}

  /**
   * @throws ModelFormatException for an unknown architecture, a missing or invalid field, or a
   *     feature this runtime does not implement (another activation, MLP biases, yarn RoPE)
   */
  public static ModelConfig read(Path configJson) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(configJson.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ModelFormatException(configJson + " is not valid JSON: " + e.getOriginalMessage());
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(configJson + ": " + e.getMessage(), e);
    }
  }

  static ModelConfig parse(JsonNode root) {
    Architecture arch = architecture(root);
    String act = text(root, "hidden_act", "silu");
    if (!act.equals("silu")) {
      throw new ModelFormatException("hidden_act " + act + " is not supported, expected silu");
    }
    if (root.path("mlp_bias").asBoolean(false)) {
      throw new ModelFormatException("mlp_bias=true is not supported");
    }
    int heads = required(root, "num_attention_heads");
    boolean attentionBias = root.path("attention_bias").asBoolean(false);
    int slidingWindow =
        switch (arch) {
          case MISTRAL -> root.path("sliding_window").asInt(0);
          case QWEN2 ->
              root.path("use_sliding_window").asBoolean(false)
                  ? root.path("sliding_window").asInt(0)
                  : 0;
          case LLAMA -> 0;
        };
    return ModelConfig.builder()
        .architecture(arch)
        .vocabSize(required(root, "vocab_size"))
        .hiddenSize(required(root, "hidden_size"))
        .intermediateSize(required(root, "intermediate_size"))
        .numLayers(required(root, "num_hidden_layers"))
        .numHeads(heads)
        .numKvHeads(root.path("num_key_value_heads").asInt(heads))
        .headDim(root.path("head_dim").asInt(0))
        .rmsNormEps(root.path("rms_norm_eps").asDouble(1e-6))
        .ropeTheta(root.path("rope_theta").asDouble(10_000))
        .ropeScaling(ropeScaling(root.path("rope_scaling")))
        .maxPositionEmbeddings(required(root, "max_position_embeddings"))
        .tieWordEmbeddings(root.path("tie_word_embeddings").asBoolean(false))
        .qkvBias(arch == Architecture.QWEN2 || (arch == Architecture.LLAMA && attentionBias))
        .outputBias(arch == Architecture.LLAMA && attentionBias)
        .slidingWindow(slidingWindow)
        .bosTokenId(root.path("bos_token_id").isInt() ? root.get("bos_token_id").asInt() : -1)
        .eosTokenIds(eos(root.path("eos_token_id")))
        .build();
  }

  private static Architecture architecture(JsonNode root) {
    JsonNode archs = root.path("architectures");
    if (archs.isArray() && archs.size() > 0) {
      return Architecture.fromHfName(archs.get(0).asText());
    }
    String type = root.path("model_type").asText("");
    java.util.Optional<Architecture> byType = Architecture.fromModelType(type);
    if (byType.isPresent()) {
      return byType.get();
    }
    throw new ModelFormatException(
        "unknown architecture: config.json has no architectures and model_type '" + type + "'");
  }

  private static RopeScaling ropeScaling(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return RopeScaling.NONE;
    }
    String type =
        node.has("rope_type") ? node.get("rope_type").asText() : node.path("type").asText("");
    return switch (type) {
      case "default", "" -> RopeScaling.NONE;
      case "linear" -> RopeScaling.linear(node.path("factor").asDouble(1));
      case "llama3" ->
          RopeScaling.llama3(
              node.path("factor").asDouble(8),
              node.path("low_freq_factor").asDouble(1),
              node.path("high_freq_factor").asDouble(4),
              node.path("original_max_position_embeddings").asInt(8192));
      default ->
          throw new ModelFormatException(
              "rope_scaling type "
                  + type
                  + " is not supported, expected default, linear or llama3");
    };
  }

  private static List<Integer> eos(JsonNode node) {
    List<Integer> ids = new ArrayList<>();
    if (node.isInt()) {
      ids.add(node.asInt());
    } else if (node.isArray()) {
      node.forEach(n -> ids.add(n.asInt()));
    }
    return ids;
  }

  private static int required(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw new ModelFormatException("config.json field " + field + " is missing or not an int");
    }
    return n.asInt();
  }

  private static String text(JsonNode root, String field, String fallback) {
    JsonNode n = root.get(field);
    return n == null || n.isNull() ? fallback : n.asText();
  }

  /** The config as Hugging Face config.json text, readable by {@link #read} and by transformers. */
  public static String write(ModelConfig c) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("architectures").add(c.architecture().hfName());
    root.put("model_type", c.architecture().modelType());
    root.put("hidden_act", "silu");
    root.put("vocab_size", c.vocabSize());
    root.put("hidden_size", c.hiddenSize());
    root.put("intermediate_size", c.intermediateSize());
    root.put("num_hidden_layers", c.numLayers());
    root.put("num_attention_heads", c.numHeads());
    root.put("num_key_value_heads", c.numKvHeads());
    root.put("head_dim", c.headDim());
    root.put("rms_norm_eps", c.rmsNormEps());
    root.put("rope_theta", c.ropeTheta());
    RopeScaling s = c.ropeScaling();
    switch (s.type()) {
      case NONE -> root.putNull("rope_scaling");
      case LINEAR ->
          root.putObject("rope_scaling").put("rope_type", "linear").put("factor", s.factor());
      case LLAMA3 ->
          root.putObject("rope_scaling")
              .put("rope_type", "llama3")
              .put("factor", s.factor())
              .put("low_freq_factor", s.lowFreqFactor())
              .put("high_freq_factor", s.highFreqFactor())
              .put("original_max_position_embeddings", s.originalMaxPositionEmbeddings());
    }
    root.put("max_position_embeddings", c.maxPositionEmbeddings());
    root.put("tie_word_embeddings", c.tieWordEmbeddings());
    if (c.architecture() == Architecture.LLAMA) {
      if (c.qkvBias() != c.outputBias()) {
        throw new IllegalArgumentException(
            "Llama's attention_bias covers q, k, v and o together; got qkvBias="
                + c.qkvBias()
                + ", outputBias="
                + c.outputBias());
      }
      root.put("attention_bias", c.qkvBias());
    } else if (c.qkvBias() != (c.architecture() == Architecture.QWEN2) || c.outputBias()) {
      throw new IllegalArgumentException(
          c.architecture() + " fixes its biases; qkvBias=" + c.qkvBias() + " cannot be written");
    }
    if (c.slidingWindow() > 0) {
      root.put("sliding_window", c.slidingWindow());
      if (c.architecture() == Architecture.QWEN2) {
        root.put("use_sliding_window", true);
      }
    } else {
      root.putNull("sliding_window");
    }
    if (c.bosTokenId() >= 0) {
      root.put("bos_token_id", c.bosTokenId());
    } else {
      root.putNull("bos_token_id");
    }
    if (c.eosTokenIds().size() == 1) {
      root.put("eos_token_id", c.eosTokenIds().get(0));
    } else {
      c.eosTokenIds().forEach(root.putArray("eos_token_id")::add);
    }
    root.put("torch_dtype", "float32");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #write(ModelConfig)} to {@code dir/config.json}. */
  public static void write(ModelConfig c, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), write(c));
  }
}
