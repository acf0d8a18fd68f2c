package io.tokenprune.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLaVA-style checkpoint variant and its projector, against a naive float[] reference. */
class VisionProjectorTest {
  private static final int DV = 12;

  @TempDir Path dir;

  @Test
  void anMlp2xGeluProjectorMatchesTheNaiveComputation() throws IOException {
    ModelConfig decoder = TinyModels.llama();
    int h = decoder.hiddenSize();
    TinyCheckpoint.of(decoder).seed(3).visionProjector(ProjectorConfig.mlp2xGelu(DV, h)).write(dir);

    float[] rows = gaussian(5 * DV, 9);
    float[] got;
    try (VisionProjector p = VisionProjector.load(dir, decoder, Device.cpu()).orElseThrow()) {
      assertThat(p.config().type()).isEqualTo("mlp2x_gelu");
      assertThat(p.inputDim()).isEqualTo(DV);
      assertThat(p.outputDim()).isEqualTo(h);
      got = p.project(rows, 5);
    }
    float[] expected;
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      float[] hidden =
          linear(
              rows,
              5,
              DV,
              f.readFloats("model.mm_projector.0.weight"),
              f.readFloats("model.mm_projector.0.bias"));
      for (int i = 0; i < hidden.length; i++) {
        hidden[i] = (float) gelu(hidden[i]);
      }
      expected =
          linear(
              hidden,
              5,
              h,
              f.readFloats("model.mm_projector.2.weight"),
              f.readFloats("model.mm_projector.2.bias"));
    }
    assertThat(got).hasSize(5 * h);
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4f));
    }
  }

  @Test
  void theLlavaFolderLoadsAsItsDecoder() throws IOException {
    ModelConfig decoder = TinyModels.qwen2();
    TinyCheckpoint.of(decoder)
        .visionProjector(ProjectorConfig.mlp2xGelu(DV, decoder.hiddenSize()))
        .write(dir);
    String json = Files.readString(dir.resolve("config.json"));
    assertThat(json).contains("LlavaQwenForCausalLM").contains("\"mm_hidden_size\" : 12");
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      assertThat(rt.config().architecture()).isEqualTo(Architecture.QWEN2);
      assertThat(rt.config().hiddenSize()).isEqualTo(decoder.hiddenSize());
    }
  }

  @Test
  void aLinearProjectorUsesLlavaOnesBareTensorNames() throws IOException {
    ModelConfig decoder = TinyModels.llama();
    int h = decoder.hiddenSize();
    TinyCheckpoint.of(decoder).visionProjector(new ProjectorConfig(DV, h, 1, false)).write(dir);
    float[] rows = gaussian(2 * DV, 4);
    try (VisionProjector p = VisionProjector.load(dir, decoder, Device.cpu()).orElseThrow();
        SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      assertThat(p.config().type()).isEqualTo("linear");
      float[] expected =
          linear(
              rows,
              2,
              DV,
              f.readFloats("model.mm_projector.weight"),
              f.readFloats("model.mm_projector.bias"));
      float[] got = p.project(rows, 2);
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i]).isCloseTo(expected[i], within(1e-4f));
      }
    }
  }

  @Test
  void aPlainDecoderHasNoProjector() throws IOException {
    ModelConfig decoder = TinyModels.llama();
    TinyModels.write(decoder, dir);
    assertThat(VisionProjector.load(dir, decoder, Device.cpu())).isEqualTo(Optional.empty());
  }

  @Test
  void badProjectorsAreRefusedWithTheReason() throws IOException {
    ModelConfig decoder = TinyModels.llama();
    // mm_hidden_size says 20 but the weights were written for 12
    TinyCheckpoint.of(decoder)
        .visionProjector(ProjectorConfig.mlp2xGelu(DV, decoder.hiddenSize()))
        .write(dir);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
    root.put("mm_hidden_size", 20);
    Files.writeString(dir.resolve("config.json"), json.writeValueAsString(root));
    assertThatThrownBy(() -> VisionProjector.load(dir, decoder, Device.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("model.mm_projector.0.weight")
        .hasMessageContaining("[32, 20]");

    root.put("mm_projector_type", "qformer");
    Files.writeString(dir.resolve("config.json"), json.writeValueAsString(root));
    assertThatThrownBy(() -> VisionProjector.load(dir, decoder, Device.cpu()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("mm_projector_type qformer is not supported");

    try (VisionProjector p =
        VisionProjector.load(writeFresh(decoder), decoder, Device.cpu()).orElseThrow()) {
      assertThatThrownBy(() -> p.project(new float[7], 1))
          .hasMessageContaining("1 x 12 values, got 7");
    }
  }

  private Path writeFresh(ModelConfig decoder) throws IOException {
    return TinyCheckpoint.of(decoder)
        .visionProjector(ProjectorConfig.mlp2xGelu(DV, decoder.hiddenSize()))
        .write(dir.resolve("fresh"));
  }

  /** x [n, in] times w [out, in] transposed, plus b [out]. */
  private static float[] linear(float[] x, int n, int in, float[] w, float[] b) {
    int out = b.length;
    float[] y = new float[n * out];
    for (int r = 0; r < n; r++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < in; i++) {
          s += (double) x[r * in + i] * w[o * in + i];
        }
        y[r * out + o] = (float) s;
      }
    }
    return y;
  }

  /** Exact GELU, x * Phi(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7). */
  private static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x);
    return Math.signum(x) * y;
  }

  private static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
