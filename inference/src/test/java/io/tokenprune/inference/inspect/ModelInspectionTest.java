package io.tokenprune.inference.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tokenprune.inference.NaiveLlama;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import io.tokenprune.inference.safetensors.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInspectionTest {
  private static final RuntimeConfig CPU = RuntimeConfig.cpu().withPrefillChunk(4);

  @TempDir Path dir;

  @Test
  void logitsAreWrittenAsTByVFloat32() throws Exception {
    Path model = TinyModels.write(TinyModels.qwen2(), dir.resolve("m"));
    int[] ids = TinyModels.randomIds(9, 1);
    Path out = dir.resolve("logits.safetensors");
    ModelInspection.writeLogits(model, InspectionInput.parseIds(csv(ids)), out, CPU);
    double[][] want = NaiveLlama.load(model).logits(ids);
    try (SafetensorsFile f = SafetensorsFile.open(out)) {
      TensorInfo info = f.tensor("logits").orElseThrow();
      assertThat(info.dtype()).isEqualTo("F32");
      assertThat(info.shape()).containsExactly(9, 260);
      float[] got = f.readFloats("logits");
      for (int t = 0; t < 9; t++) {
        for (int v = 0; v < 260; v++) {
          assertThat((double) got[t * 260 + v]).isCloseTo(want[t][v], within(1e-4));
        }
      }
    }
  }

  @Test
  void scoresAreTheRawFilterScores() throws Exception {
    Path model = TinyModels.write(TinyModels.llama(), dir.resolve("m"));
    Path out = dir.resolve("scores.safetensors");
    String text = "a short question?";
    ModelInspection.writeScores(model, 1, InspectionInput.text(text), out, CPU);
    NaiveLlama naive = NaiveLlama.load(model);
    int[] ids = new int[text.length() + 1];
    ids[0] = 256; // BOS, then one byte per ASCII character
    for (int i = 0; i < text.length(); i++) {
      ids[i + 1] = text.charAt(i);
    }
    double[] want = naive.filterScores(ids, 1);
    try (SafetensorsFile f = SafetensorsFile.open(out)) {
      assertThat(f.tensor("scores").orElseThrow().shape()).containsExactly(ids.length);
      assertThat(f.metadata()).containsEntry("layer", "1");
      float[] got = f.readFloats("scores");
      for (int i = 0; i < ids.length; i++) {
        assertThat((double) got[i])
            .isCloseTo(want[i], within(1e-4 * Math.max(1, Math.abs(want[i]))));
      }
    }
  }

  @Test
  void badInputIsAnInspectionException() throws Exception {
    Path model = TinyModels.write(TinyModels.llama(), dir.resolve("m"));
    Path out = dir.resolve("x.safetensors");
    assertThatThrownBy(() -> InspectionInput.parseIds("1, 2,x"))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("entry 2 'x'");
    assertThatThrownBy(
            () -> ModelInspection.writeLogits(model, InspectionInput.ids(3, 260), out, CPU))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("token id 260 at index 1 is outside [0, 260)");
    assertThatThrownBy(() -> ModelInspection.writeLogits(model, InspectionInput.ids(-1), out, CPU))
        .isInstanceOf(InspectionException.class);
    assertThatThrownBy(
            () -> ModelInspection.writeLogits(model, InspectionInput.parseIds(""), out, CPU))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("no tokens");
    assertThatThrownBy(
            () -> ModelInspection.writeScores(model, 3, InspectionInput.ids(1, 2), out, CPU))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("--layer 3");
    assertThatThrownBy(
            () ->
                ModelInspection.writeLogits(
                    dir.resolve("missing"), InspectionInput.ids(1), out, CPU))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("bad model folder");
    Files.write(model.resolve("model.safetensors"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> ModelInspection.writeLogits(model, InspectionInput.ids(1), out, CPU))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("not a safetensors file");
    Path noTokenizer =
        TinyModels.write(
            TinyModels.llama().toBuilder()
                .vocabSize(200)
                .bosTokenId(1)
                .eosTokenIds(java.util.List.of(2))
                .build(),
            dir.resolve("v200"));
    assertThatThrownBy(
            () -> ModelInspection.writeLogits(noTokenizer, InspectionInput.text("hi"), out, CPU))
        .isInstanceOf(InspectionException.class)
        .hasMessageContaining("--text needs a tokenizer.json");
    assertThat(out).doesNotExist();
  }

  private static String csv(int[] ids) {
    return String.join(",", java.util.Arrays.stream(ids).mapToObj(Integer::toString).toList());
  }
}
