package io.tokenprune.inference.model;

import java.util.List;

/**
 * The fields of config.json this runtime uses, validated.
 *
 * @param headDim per-head dimension d; {@code hidden_size / num_attention_heads} unless config.json
 *     sets {@code head_dim}
 * @param qkvBias q/k/v projections have biases (always for Qwen2; Llama's {@code attention_bias})
 * @param outputBias the o projection has a bias (Llama's {@code attention_bias})
 * @param slidingWindow Mistral's attention window, 0 for none. Sliding-window attention is not
 *     implemented, so sequences longer than a non-zero window are refused rather than silently
 *     diverging from the reference model.
 * @param bosTokenId -1 when config.json has none
 * @param eosTokenIds config.json's {@code eos_token_id}, one or many
 */
public record ModelConfig(
    Architecture architecture,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean qkvBias,
    boolean outputBias,
    int slidingWindow,
    int bosTokenId,
    List<Integer> eosTokenIds) {

  public ModelConfig {
    if (architecture == null || ropeScaling == null || eosTokenIds == null) {
      throw new IllegalArgumentException("architecture, ropeScaling and eosTokenIds are required");
    }
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("num_key_value_heads", numKvHeads);
    positive("head_dim", headDim);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads "
              + numHeads
              + " must be a multiple of num_key_value_heads "
              + numKvHeads);
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
    }
    if (!(rmsNormEps > 0)) {
      throw new IllegalArgumentException("rms_norm_eps must be > 0, got " + rmsNormEps);
    }
    if (!(ropeTheta > 0)) {
      throw new IllegalArgumentException("rope_theta must be > 0, got " + ropeTheta);
    }
    if (slidingWindow < 0) {
      throw new IllegalArgumentException("sliding_window must be >= 0, got " + slidingWindow);
    }
    if (bosTokenId < -1 || bosTokenId >= vocabSize) {
      throw new IllegalArgumentException(
          "bos_token_id " + bosTokenId + " is outside the vocabulary of " + vocabSize);
    }
    eosTokenIds = List.copyOf(eosTokenIds);
    for (int eos : eosTokenIds) {
      if (eos < 0 || eos >= vocabSize) {
        throw new IllegalArgumentException(
            "eos_token_id " + eos + " is outside the vocabulary of " + vocabSize);
      }
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  /** Query heads per key/value head (G in grouped-query attention). */
  public int kvGroups() {
    return numHeads / numKvHeads;
  }

  /** A builder with tiny defaults (a 2-layer Llama over a 260-token byte vocabulary). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.architecture = architecture;
    b.vocabSize = vocabSize;
    b.hiddenSize = hiddenSize;
    b.intermediateSize = intermediateSize;
    b.numLayers = numLayers;
    b.numHeads = numHeads;
    b.numKvHeads = numKvHeads;
    b.headDim = headDim;
    b.rmsNormEps = rmsNormEps;
    b.ropeTheta = ropeTheta;
    b.ropeScaling = ropeScaling;
    b.maxPositionEmbeddings = maxPositionEmbeddings;
    b.tieWordEmbeddings = tieWordEmbeddings;
    b.qkvBias = qkvBias;
    b.outputBias = outputBias;
    b.slidingWindow = slidingWindow;
    b.bosTokenId = bosTokenId;
    b.eosTokenIds = eosTokenIds;
    return b;
  }

  /** Mutable staging for a {@link ModelConfig}; {@code headDim} 0 means hidden / heads. */
  public static final class Builder {
    private Architecture architecture = Architecture.LLAMA;
    private int vocabSize = 260;
    private int hiddenSize = 64;
    private int intermediateSize = 128;
    private int numLayers = 2;
    private int numHeads = 4;
    private int numKvHeads = 2;
    private int headDim;
    private double rmsNormEps = 1e-5;
    private double ropeTheta = 10_000;
    private RopeScaling ropeScaling = RopeScaling.NONE;
    private int maxPositionEmbeddings = 2048;
    private boolean tieWordEmbeddings;
    private Boolean qkvBias;
    private boolean outputBias;
    private int slidingWindow;
    private int bosTokenId = 256;
    private List<Integer> eosTokenIds = List.of(257);

    private Builder() {}

    public Builder architecture(Architecture v) {
      architecture = v;
      return this;
    }

    public Builder vocabSize(int v) {
      vocabSize = v;
      return this;
    }

    public Builder hiddenSize(int v) {
      hiddenSize = v;
      return this;
    }

    public Builder intermediateSize(int v) {
      intermediateSize = v;
      return this;
    }

    public Builder numLayers(int v) {
      numLayers = v;
      return this;
    }

    public Builder numHeads(int v) {
      numHeads = v;
      return this;
    }

    public Builder numKvHeads(int v) {
      numKvHeads = v;
      return this;
    }

    public Builder headDim(int v) {
      headDim = v;
      return this;
    }

    public Builder rmsNormEps(double v) {
      rmsNormEps = v;
      return this;
    }

    public Builder ropeTheta(double v) {
      ropeTheta = v;
      return this;
    }

    public Builder ropeScaling(RopeScaling v) {
      ropeScaling = v;
      return this;
    }

    public Builder maxPositionEmbeddings(int v) {
      maxPositionEmbeddings = v;
      return this;
    }

    public Builder tieWordEmbeddings(boolean v) {
      tieWordEmbeddings = v;
      return this;
    }

    /** Defaults to true for Qwen2, false otherwise. */
    public Builder qkvBias(boolean v) {
      qkvBias = v;
      return this;
    }

    public Builder outputBias(boolean v) {
      outputBias = v;
      return this;
    }

    public Builder slidingWindow(int v) {
      slidingWindow = v;
      return this;
    }

    public Builder bosTokenId(int v) {
      bosTokenId = v;
      return this;
    }

    public Builder eosTokenIds(List<Integer> v) {
      eosTokenIds = v;
      return this;
    }

    public ModelConfig build() {
      if (numHeads <= 0) {
        throw new IllegalArgumentException("num_attention_heads must be > 0, got " + numHeads);
      }
      return new ModelConfig(
          architecture,
          vocabSize,
          hiddenSize,
          intermediateSize,
          numLayers,
          numHeads,
          numKvHeads,
          headDim > 0 ? headDim : hiddenSize / numHeads,
          rmsNormEps,
          ropeTheta,
          ropeScaling,
          maxPositionEmbeddings,
          tieWordEmbeddings,
          qkvBias != null ? qkvBias : architecture == Architecture.QWEN2,
          outputBias,
          slidingWindow,
          bosTokenId,
          eosTokenIds);
    }
  }
}
