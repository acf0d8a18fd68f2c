package io.tokenprune.inference.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The decoder families this runtime runs. They share one forward pass: RMSNorm, RoPE, grouped-query
 * attention and a SwiGLU MLP. They differ in details read from config.json: Qwen2 always has q/k/v
 * biases, Llama has them only with {@code attention_bias}, Mistral never.
 *
 * <p>Each family also has a LLaVA name (the original LLaVA layout: the decoder's own tensors under
 * their usual names plus {@code model.mm_projector.*}, see {@link ProjectorConfig}); such a folder
 * loads as its decoder, and its projector loads separately with {@link VisionProjector}.
 */
public enum Architecture {
  LLAMA("LlamaForCausalLM", "llama", "LlavaLlamaForCausalLM", "llava_llama"),
  QWEN2("Qwen2ForCausalLM", "qwen2", "LlavaQwenForCausalLM", "llava_qwen"),
  MISTRAL("MistralForCausalLM", "mistral", "LlavaMistralForCausalLM", "llava_mistral");

  private final String hfName;
  private final String modelType;
  private final String llavaName;
  private final String llavaModelType;

  Architecture(String hfName, String modelType, String llavaName, String llavaModelType) {
    this.hfName = hfName;
    this.modelType = modelType;
    this.llavaName = llavaName;
    this.llavaModelType = llavaModelType;
  }

  /** The class name in config.json's {@code architectures}, e.g. LlamaForCausalLM. */
  public String hfName() {
    return hfName;
  }

  /** config.json's {@code model_type}, e.g. llama. */
  public String modelType() {
    return modelType;
  }

  /** The LLaVA class name in config.json's {@code architectures}, e.g. LlavaLlamaForCausalLM. */
  public String llavaName() {
    return llavaName;
  }

  /** The LLaVA {@code model_type}, e.g. llava_llama. */
  public String llavaModelType() {
    return llavaModelType;
  }

  /** The family whose {@code model_type} (plain or LLaVA) this is. */
  public static java.util.Optional<Architecture> fromModelType(String type) {
    for (Architecture a : values()) {
      if (a.modelType.equals(type) || a.llavaModelType.equals(type)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * @throws ModelFormatException for any other architecture, listing the supported ones
   */
  public static Architecture fromHfName(String name) {
    for (Architecture a : values()) {
      if (a.hfName.equals(name) || a.llavaName.equals(name)) {
        return a;
      }
    }
    throw new ModelFormatException(
        "unknown architecture "
            + name
            + ": expected one of "
            + Arrays.stream(values()).map(Architecture::hfName).collect(Collectors.joining(", "))
            + ", or their LLaVA forms "
            + Arrays.stream(values())
                .map(Architecture::llavaName)
                .collect(Collectors.joining(", ")));
  }
}
