package io.tokenprune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.Architecture;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    ModelConfig config =
        ModelConfig.builder()
            .architecture(Architecture.LLAMA)
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(2)
            .numHeads(4)
            .numKvHeads(2)
            .build();
    model = TinyCheckpoint.of(config).seed(3).write(dir.resolve("tiny"));
  }

  @Test
  void writesLogitsAndScores() throws Exception {
    Path logits = dir.resolve("logits.safetensors");
    CliRun r =
        CliRun.of(
            "model",
            "logits",
            "--model",
            model.toString(),
            "--ids",
            "1,2,3,4",
            "--out",
            logits.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    try (SafetensorsFile f = SafetensorsFile.open(logits)) {
      assertThat(f.tensor("logits").orElseThrow().shape()[0]).isEqualTo(4);
    }
    Path scores = dir.resolve("scores.safetensors");
    r =
        CliRun.of(
            "model",
            "scores",
            "--model",
            model.toString(),
            "--layer",
            "0",
            "--text",
            "hello",
            "--out",
            scores.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.size(scores)).isPositive();
  }

  @Test
  void badInputExitsTwoWithAReason() {
    CliRun r =
        CliRun.of(
            "model",
            "logits",
            "--model",
            dir.resolve("nope").toString(),
            "--ids",
            "1",
            "--out",
            dir.resolve("x").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("tokenprune: ");
    r =
        CliRun.of(
            "model",
            "logits",
            "--model",
            model.toString(),
            "--ids",
            "1,999999",
            "--out",
            dir.resolve("y").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("999999");
    r =
        CliRun.of(
            "model",
            "scores",
            "--model",
            model.toString(),
            "--layer",
            "99",
            "--ids",
            "1",
            "--out",
            dir.resolve("z").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--layer 99");
  }
}
