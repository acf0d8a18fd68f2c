package io.tokenprune.inference.model;

/**
 * The tensors of one decoder layer. Linear weights are [out, in] as in PyTorch; with D = hidden, H
 * heads, Hkv key/value heads, d = head dim and I = intermediate size.
 */
public enum LayerTensor {
  INPUT_NORM("input_layernorm.weight"), // [D]
  Q("self_attn.q_proj.weight"), // [H*d, D]
  Q_BIAS("self_attn.q_proj.bias"), // [H*d]
  K("self_attn.k_proj.weight"), // [Hkv*d, D]
  K_BIAS("self_attn.k_proj.bias"), // [Hkv*d]
  V("self_attn.v_proj.weight"), // [Hkv*d, D]
  V_BIAS("self_attn.v_proj.bias"), // [Hkv*d]
  O("self_attn.o_proj.weight"), // [D, H*d]
  O_BIAS("self_attn.o_proj.bias"), // [D]
  POST_NORM("post_attention_layernorm.weight"), // [D]
  GATE("mlp.gate_proj.weight"), // [I, D]
  UP("mlp.up_proj.weight"), // [I, D]
  DOWN("mlp.down_proj.weight"); // [D, I]

  private final String suffix;

  LayerTensor(String suffix) {
    this.suffix = suffix;
  }

  /** The full name, e.g. model.layers.3.self_attn.q_proj.weight. */
  public String name(int layer) {
    return "model.layers." + layer + "." + suffix;
  }

  /** Whether a model with this config has the tensor (biases are optional). */
  public boolean presentIn(ModelConfig c) {
    return switch (this) {
      case Q_BIAS, K_BIAS, V_BIAS -> c.qkvBias();
      case O_BIAS -> c.outputBias();
      default -> true;
    };
  }

  public long[] shape(ModelConfig c) {
    long d = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    long inter = c.intermediateSize();
    return switch (this) {
      case INPUT_NORM, POST_NORM, O_BIAS -> new long[] {d};
      case Q -> new long[] {q, d};
      case Q_BIAS -> new long[] {q};
      case K, V -> new long[] {kv, d};
      case K_BIAS, V_BIAS -> new long[] {kv};
      case O -> new long[] {d, q};
      case GATE, UP -> new long[] {inter, d};
      case DOWN -> new long[] {d, inter};
    };
  }
}
