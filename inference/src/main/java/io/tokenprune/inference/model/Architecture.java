package io.tokenprune.inference.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The decoder families this runtime runs. They share one forward pass: RMSNorm, RoPE, grouped-query
 * attention and a SwiGLU MLP. They differ in details read from config.json: Qwen2 always has q/k/v
 * biases, Llama has them only with {@code attention_bias}, Mistral never.
 */
public enum Architecture {
  LLAMA("LlamaForCausalLM", "llama"),
  QWEN2("Qwen2ForCausalLM", "qwen2"),
  MISTRAL("MistralForCausalLM", "mistral");

  private final String hfName;
  private final String modelType;

  Architecture(String hfName, String modelType) {
    this.hfName = hfName;
    this.modelType = modelType;
  }

  /** The class name in config.json's {@code architectures}, e.g. LlamaForCausalLM. */
  public String hfName() {
    return hfName;
  }

  /** config.json's {@code model_type}, e.g. llama. */
  public String modelType() {
    return modelType;
  }

  /**
   * @throws ModelFormatException for any other architecture, listing the supported ones
   */
  public static Architecture fromHfName(String name) {
    for (Architecture a : values()) {
      if (a.hfName.equals(name)) {
        return a;
      }
    }
    throw new ModelFormatException(
        "unknown architecture "
            + name
            + ": expected one of "
            + Arrays.stream(values()).map(Architecture::hfName).collect(Collectors.joining(", ")));
  }
}
