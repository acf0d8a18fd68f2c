package io.tokenprune.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.inference.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {
  @TempDir Path dir;

  @Test
  void readsLlama31() throws IOException {
    ModelConfig c =
        read(
            """
            {"architectures":["LlamaForCausalLM"],"attention_bias":false,"bos_token_id":128000,
             "eos_token_id":[128001,128008,128009],"hidden_act":"silu","hidden_size":4096,
             "intermediate_size":14336,"max_position_embeddings":131072,"mlp_bias":false,
             "model_type":"llama","num_attention_heads":32,"num_hidden_layers":32,
             "num_key_value_heads":8,"rms_norm_eps":1e-05,
             "rope_scaling":{"factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,
               "original_max_position_embeddings":8192,"rope_type":"llama3"},
             "rope_theta":500000.0,"tie_word_embeddings":false,"torch_dtype":"bfloat16",
             "vocab_size":128256}
            """);
    assertThat(c.architecture()).isEqualTo(Architecture.LLAMA);
    assertThat(c.headDim()).isEqualTo(128);
    assertThat(c.kvGroups()).isEqualTo(4);
    assertThat(c.ropeScaling()).isEqualTo(RopeScaling.llama3(8, 1, 4, 8192));
    assertThat(c.eosTokenIds()).containsExactly(128001, 128008, 128009);
    assertThat(c.bosTokenId()).isEqualTo(128000);
    assertThat(c.qkvBias()).isFalse();
    assertThat(c.rmsNormEps()).isEqualTo(1e-5);
    assertThat(c.ropeTheta()).isEqualTo(500_000);
    assertThat(c.maxPositionEmbeddings()).isEqualTo(131072);
  }

  @Test
  void readsQwen2WithItsBiasesAndTiedEmbeddings() throws IOException {
    ModelConfig c =
        read(
            """
            {"architectures":["Qwen2ForCausalLM"],"bos_token_id":151643,"eos_token_id":151643,
             "hidden_act":"silu","hidden_size":896,"intermediate_size":4864,
             "max_position_embeddings":131072,"max_window_layers":24,"model_type":"qwen2",
             "num_attention_heads":14,"num_hidden_layers":24,"num_key_value_heads":2,
             "rms_norm_eps":1e-06,"rope_theta":1000000.0,"sliding_window":131072,
             "tie_word_embeddings":true,"use_sliding_window":false,"vocab_size":151936}
            """);
    assertThat(c.architecture()).isEqualTo(Architecture.QWEN2);
    assertThat(c.qkvBias()).isTrue();
    assertThat(c.outputBias()).isFalse();
    assertThat(c.tieWordEmbeddings()).isTrue();
    assertThat(c.headDim()).isEqualTo(64);
    assertThat(c.slidingWindow()).isZero();
    assertThat(c.ropeScaling()).isEqualTo(RopeScaling.NONE);
  }

  @Test
  void readsMistralWithHeadDimAndSlidingWindow() throws IOException {
    ModelConfig c =
        read(
            """
            {"architectures":["MistralForCausalLM"],"bos_token_id":1,"eos_token_id":2,
             "head_dim":128,"hidden_act":"silu","hidden_size":5120,"intermediate_size":14336,
             "max_position_embeddings":1024000,"model_type":"mistral","num_attention_heads":32,
             "num_hidden_layers":40,"num_key_value_heads":8,"rms_norm_eps":1e-05,
             "rope_theta":1000000.0,"sliding_window":4096,"tie_word_embeddings":false,
             "vocab_size":131072}
            """);
    assertThat(c.architecture()).isEqualTo(Architecture.MISTRAL);
    assertThat(c.headDim()).isEqualTo(128);
    assertThat(c.slidingWindow()).isEqualTo(4096);
    assertThat(c.eosTokenIds()).containsExactly(2);
  }

  @Test
  void rejectsUnknownArchitecturesAndFeatures() {
    assertThatThrownBy(() -> read("{\"architectures\":[\"GPT2LMHeadModel\"],\"vocab_size\":5}"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("unknown architecture GPT2LMHeadModel")
        .hasMessageContaining("LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM");
    String base = ConfigJson.write(TinyModels.llama());
    assertThatThrownBy(() -> read(base.replace("\"silu\"", "\"gelu\"")))
        .hasMessageContaining("hidden_act gelu");
    assertThatThrownBy(
            () ->
                read(
                    base.replace(
                        "\"rope_scaling\" : null",
                        "\"rope_scaling\":{\"rope_type\":\"yarn\",\"factor\":4}")))
        .hasMessageContaining("rope_scaling type yarn");
    assertThatThrownBy(
            () -> read(base.replace("\"num_key_value_heads\" : 2", "\"num_key_value_heads\" : 3")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("multiple of num_key_value_heads 3");
    assertThatThrownBy(() -> read("{not json")).hasMessageContaining("not valid JSON");
  }

  @Test
  void writeThenReadIsTheIdentity() throws IOException {
    for (ModelConfig c :
        new ModelConfig[] {
          TinyModels.llama(), TinyModels.qwen2(), TinyModels.mistral(), TinyModels.llama3Scaled()
        }) {
      assertThat(read(ConfigJson.write(c))).isEqualTo(c);
    }
  }

  private ModelConfig read(String json) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return ConfigJson.read(file);
  }
}
