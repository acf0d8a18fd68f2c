package io.tokenprune.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LLaVA-style vision projector as the original LLaVA config.json describes it: {@code
 * mm_hidden_size} (the visual token dim Dv) and {@code mm_projector_type}, whose weights sit in the
 * checkpoint beside the decoder's under {@code model.mm_projector.}. The types are LLaVA's own:
 *
 * <ul>
 *   <li>{@code linear}: one {@code nn.Linear(Dv, H)}, tensors {@code model.mm_projector.weight} [H,
 *       Dv] and {@code .bias} [H] (LLaVA 1.0; also the type when the field is absent);
 *   <li>{@code mlp<N>x_gelu}: N linears with an exact (erf) GELU between them, in an {@code
 *       nn.Sequential}, so linear i is module {@code 2i}: {@code model.mm_projector.0.weight} [H,
 *       Dv], {@code model.mm_projector.2.weight} [H, H], ... (LLaVA 1.5 uses mlp2x_gelu);
 *   <li>{@code identity}: no weights, Dv must equal H.
 * </ul>
 *
 * @param inputDim Dv, {@code mm_hidden_size}
 * @param outputDim H, the decoder's hidden size
 * @param depth linear layers: 0 for identity, 1 for linear, N for mlpNx_gelu
 * @param sequential whether the linears are indexed modules of an nn.Sequential (mlpNx_gelu)
 */
public record ProjectorConfig(int inputDim, int outputDim, int depth, boolean sequential) {
  public static final String PREFIX = "model.mm_projector.";
  private static final Pattern MLP = Pattern.compile("mlp(\\d+)x_gelu");

  public ProjectorConfig {
    if (inputDim < 1 || outputDim < 1) {
      throw new IllegalArgumentException(
          "projector dims must be >= 1, got mm_hidden_size "
              + inputDim
              + ", hidden_size "
              + outputDim);
    }
    if (depth < 0 || (depth == 0 && inputDim != outputDim)) {
      throw new IllegalArgumentException(
          "an identity projector needs mm_hidden_size == hidden_size, got "
              + inputDim
              + " and "
              + outputDim);
    }
    if (sequential && depth < 1) {
      throw new IllegalArgumentException("an MLP projector needs depth >= 1, got " + depth);
    }
  }

  /** LLaVA 1.5's projector: two linears with a GELU between them. */
  public static ProjectorConfig mlp2xGelu(int inputDim, int outputDim) {
    return new ProjectorConfig(inputDim, outputDim, 2, true);
  }

  /**
   * Reads the projector from a config.json.
   *
   * @return empty when config.json has no {@code mm_hidden_size}: a plain decoder
   * @throws ModelFormatException for an unknown projector type or bad dims
   */
  public static Optional<ProjectorConfig> read(Path configJson, ModelConfig decoder)
      throws IOException {
    return parse(new ObjectMapper().readTree(configJson.toFile()), decoder.hiddenSize());
  }

  static Optional<ProjectorConfig> parse(JsonNode root, int hiddenSize) {
    JsonNode dim = root.get("mm_hidden_size");
    if (dim == null || dim.isNull()) {
      return Optional.empty();
    }
    if (!dim.canConvertToInt()) {
      throw new ModelFormatException("config.json field mm_hidden_size is not an int: " + dim);
    }
    String type = root.path("mm_projector_type").asText("linear");
    try {
      if (type.equals("linear")) {
        return Optional.of(new ProjectorConfig(dim.asInt(), hiddenSize, 1, false));
      }
      if (type.equals("identity")) {
        return Optional.of(new ProjectorConfig(dim.asInt(), hiddenSize, 0, false));
      }
      Matcher m = MLP.matcher(type);
      if (m.matches()) {
        return Optional.of(
            new ProjectorConfig(dim.asInt(), hiddenSize, Integer.parseInt(m.group(1)), true));
      }
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("config.json: " + e.getMessage(), e);
    }
    throw new ModelFormatException(
        "mm_projector_type "
            + type
            + " is not supported, expected linear, mlp<N>x_gelu or identity");
  }

  /** config.json's {@code mm_projector_type}. */
  public String type() {
    if (depth == 0) {
      return "identity";
    }
    return sequential ? "mlp" + depth + "x_gelu" : "linear";
  }

  /** Name of linear i's tensor, "weight" or "bias". */
  public String tensorName(int linear, String kind) {
    return sequential ? PREFIX + (2 * linear) + "." + kind : PREFIX + kind;
  }

  /** The projector's tensors, in module order: weight [H, in] then bias [H] for each linear. */
  public List<TensorSpec> tensors() {
    List<TensorSpec> specs = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      long in = i == 0 ? inputDim : outputDim;
      specs.add(new TensorSpec(tensorName(i, "weight"), new long[] {outputDim, in}));
      specs.add(new TensorSpec(tensorName(i, "bias"), new long[] {outputDim}));
    }
    return specs;
  }

  /** Adds the projector's fields to a config.json object. */
  public void writeInto(ObjectNode configJson) {
    configJson.put("mm_hidden_size", inputDim);
    configJson.put("mm_projector_type", type());
  }
}
