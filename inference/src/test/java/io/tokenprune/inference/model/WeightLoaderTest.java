package io.tokenprune.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.HalfFloats;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightLoaderTest {
  @TempDir Path dir;

  @Test
  void shardedCheckpointsLoadLikeASingleFile() throws IOException {
    ModelConfig config = TinyModels.qwen2();
    Path single = TinyCheckpoint.of(config).seed(3).write(dir.resolve("single"));
    Path indexed = TinyCheckpoint.of(config).seed(3).shards(4).write(dir.resolve("indexed"));
    assertThat(indexed.resolve("model.safetensors.index.json")).exists();
    assertThat(indexed.resolve("model-00004-of-00004.safetensors")).exists();
    Path globbed = TinyCheckpoint.of(config).seed(3).shards(3).write(dir.resolve("globbed"));
    Files.delete(globbed.resolve("model.safetensors.index.json"));

    Map<String, float[]> want = loaded(single, config);
    assertThat(want).hasSize(TensorSpec.all(config).size());
    for (Path other : List.of(indexed, globbed)) {
      Map<String, float[]> got = loaded(other, config);
      assertThat(got.keySet()).isEqualTo(want.keySet());
      want.forEach((name, values) -> assertThat(got.get(name)).as(name).containsExactly(values));
    }
  }

  @Test
  void halfAndBfloat16WidenExactly() throws IOException {
    ModelConfig config = TinyModels.llama();
    List<TensorData> original = TinyCheckpoint.of(config).seed(5).tensors();
    for (SafetensorsDtype dtype : List.of(SafetensorsDtype.F16, SafetensorsDtype.BF16)) {
      Path folder = TinyCheckpoint.of(config).seed(5).dtype(dtype).write(dir.resolve(dtype.name()));
      Map<String, float[]> got = loaded(folder, config);
      for (TensorData t : original) {
        float[] v = t.values();
        float[] expected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          expected[i] =
              dtype == SafetensorsDtype.F16
                  ? HalfFloats.halfToFloat(HalfFloats.floatToHalf(v[i]))
                  : HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v[i]));
        }
        assertThat(got.get(t.name())).as("%s %s", dtype, t.name()).containsExactly(expected);
        assertThat(got.get(t.name())).isNotEqualTo(v);
      }
    }
  }

  @Test
  void tensorsLargerThanOneMappedWindowLoadWhole() throws IOException {
    // 70,000 x 64 = 4.48M elements: two windows of WeightLoader.CHUNK (4M)
    ModelConfig config =
        TinyModels.llama().toBuilder()
            .vocabSize(70_000)
            .numLayers(1)
            .tieWordEmbeddings(true)
            .build();
    TinyCheckpoint checkpoint = TinyCheckpoint.of(config).seed(6).dtype(SafetensorsDtype.BF16);
    Path folder = checkpoint.write(dir);
    float[] embed = loaded(folder, config).get(TensorSpec.EMBED);
    float[] want = checkpoint.tensors().get(0).values();
    assertThat(embed).hasSize(want.length);
    for (int i = 0; i < want.length; i += 997) {
      assertThat(embed[i]).isEqualTo(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(want[i])));
    }
    assertThat(embed[want.length - 1])
        .isEqualTo(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(want[want.length - 1])));
  }

  @Test
  void aMissingTensorIsNamedWithItsExpectedShape() throws IOException {
    ModelConfig config = TinyModels.llama();
    List<TensorData> tensors = new ArrayList<>(TinyCheckpoint.of(config).tensors());
    tensors.removeIf(t -> t.name().equals("model.layers.1.mlp.up_proj.weight"));
    write(config, tensors);
    assertThatThrownBy(() -> ModelRuntime.load(dir, RuntimeConfig.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("missing tensor model.layers.1.mlp.up_proj.weight")
        .hasMessageContaining("expected shape [48, 32]");
  }

  @Test
  void aShapeMismatchNamesTensorExpectedAndFound() throws IOException {
    ModelConfig config = TinyModels.llama();
    List<TensorData> tensors = new ArrayList<>();
    for (TensorData t : TinyCheckpoint.of(config).tensors()) {
      tensors.add(
          t.name().equals("model.layers.0.self_attn.k_proj.weight")
              ? TensorData.f32(t.name(), new float[32 * 32], 32, 32)
              : t);
    }
    write(config, tensors);
    assertThatThrownBy(() -> ModelRuntime.load(dir, RuntimeConfig.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor model.layers.0.self_attn.k_proj.weight")
        .hasMessageContaining("expected shape [16, 32], found shape [32, 32]");
  }

  @Test
  void unknownArchitecturesAndEmptyFoldersFailToLoad() throws IOException {
    assertThatThrownBy(() -> ModelRuntime.load(dir.resolve("nope"), RuntimeConfig.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("does not exist");
    ConfigJson.write(TinyModels.llama(), dir);
    assertThatThrownBy(() -> ModelRuntime.load(dir, RuntimeConfig.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no *.safetensors weights");
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(dir.resolve("config.json"))
            .replace("LlamaForCausalLM", "FalconForCausalLM"));
    assertThatThrownBy(() -> ModelRuntime.load(dir, RuntimeConfig.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("unknown architecture FalconForCausalLM");
  }

  private void write(ModelConfig config, List<TensorData> tensors) throws IOException {
    ConfigJson.write(config, dir);
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
  }

  private static Map<String, float[]> loaded(Path folder, ModelConfig config) throws IOException {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    try (ModelWeights w =
        WeightLoader.load(folder, config, NDManager.newBaseManager(Device.cpu(), "PyTorch"))) {
      for (Map.Entry<String, NDArray> e : w.named().entrySet()) {
        out.put(e.getKey(), e.getValue().toFloatArray());
      }
    }
    return out;
  }
}
