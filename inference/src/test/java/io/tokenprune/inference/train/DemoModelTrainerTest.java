package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny model through a tiny curriculum: resumable, reproducible, and exported loadable. */
class DemoModelTrainerTest {
  @TempDir Path dir;

  private static TrainConfig tiny(Path work) {
    ModelConfig model =
        ModelConfig.builder()
            .vocabSize(CorpusFixture.VOCAB)
            .hiddenSize(32)
            .intermediateSize(64)
            .numLayers(3)
            .numHeads(2)
            .numKvHeads(1)
            .maxPositionEmbeddings(512)
            .tieWordEmbeddings(true)
            .build();
    return new TrainConfig(
        11,
        model,
        List.of(Stage.parse("160x2:0-3@3"), Stage.parse("200x1:0-3@3")),
        new TrainConfig.Optimiser(1e-3, 0.1, 2, 0.01, 0.9, 0.95, 1.0),
        new TrainConfig.Objective(1.0, 2, 1.0, List.of(1), 0.5, 1, 2, 1.0, 3, 0.3, 0),
        2,
        0.9,
        work,
        3600);
  }

  @Test
  void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path straight = dir.resolve("straight");
    try (DemoModelTrainer t = DemoModelTrainer.open(tiny(straight), quiet, false)) {
      TrainerState s = t.train();
      assertThat(s.step()).isEqualTo(6);
      assertThat(s.stage()).isEqualTo(2);
    }
    Path resumed = dir.resolve("resumed");
    try (DemoModelTrainer t = DemoModelTrainer.open(tiny(resumed), quiet, false)) {
      assertThat(t.train(4).step()).isEqualTo(4);
    }
    try (DemoModelTrainer t = DemoModelTrainer.open(tiny(resumed), quiet, false)) {
      assertThat(t.state().step()).isEqualTo(4);
      t.train();
    }
    try (SafetensorsFile a = SafetensorsFile.open(straight.resolve("checkpoint.safetensors"));
        SafetensorsFile b = SafetensorsFile.open(resumed.resolve("checkpoint.safetensors"))) {
      for (String name : a.tensors().keySet()) {
        assertThat(b.readFloats(name)).as(name).containsExactly(a.readFloats(name));
      }
    }
    assertThat(Files.readString(straight.resolve("train-log.jsonl")))
        .contains("\"event\":\"eval\"");
  }

  @Test
  void viewsFromTheModelsOwnSelectionNeedASelector() {
    TrainConfig c = tiny(dir.resolve("no-selector"));
    TrainConfig.Objective o = c.objective();
    TrainConfig selected =
        new TrainConfig(
            c.seed(),
            c.model(),
            c.stages(),
            c.optimiser(),
            new TrainConfig.Objective(
                o.answerWeight(),
                o.viewsPerStep(),
                o.viewWeight(),
                o.filterLayers(),
                o.filterWeight(),
                o.filterFromStage(),
                o.copyLayer(),
                o.copyWeight(),
                o.maxQuestions(),
                o.viewOtherFacts(),
                0.5),
            c.evalSamples(),
            c.advanceAt(),
            c.workDir(),
            c.checkpointSeconds());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertThatThrownBy(() -> DemoModelTrainer.open(selected, quiet, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ViewSelector");
  }

  @Test
  void exportsAFolderTheRuntimeLoads() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path work = dir.resolve("work");
    Path bundle = dir.resolve("bundle");
    try (DemoModelTrainer t = DemoModelTrainer.open(tiny(work), quiet, false)) {
      t.train(2);
      t.exportBundle(bundle);
    }
    try (ModelRuntime rt = ModelRuntime.load(bundle, RuntimeConfig.cpu())) {
      assertThat(rt.config().numLayers()).isEqualTo(3);
      assertThat(rt.tokenizer().decode(rt.tokenizer().encode("The pass key is 48213.")))
          .isEqualTo("The pass key is 48213.");
      float[] scores = rt.filter().scores(rt.tokenizer().encode("What is the pass key?"), 1);
      for (float f : scores) {
        assertThat(f).isFinite();
      }
    }
    assertThat(Files.readString(bundle.resolve("training.json"))).contains("\"steps\" : 2");
  }

  @Test
  void refusesACheckpointOfAnotherConfig() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path work = dir.resolve("work");
    try (DemoModelTrainer t = DemoModelTrainer.open(tiny(work), quiet, false)) {
      t.train(1);
    }
    TrainConfig other = tiny(work);
    TrainConfig changed =
        new TrainConfig(
            12,
            other.model(),
            other.stages(),
            other.optimiser(),
            other.objective(),
            other.evalSamples(),
            other.advanceAt(),
            work,
            other.checkpointSeconds());
    assertThatThrownBy(() -> DemoModelTrainer.open(changed, quiet, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another config");
  }

  @Test
  void aSecondPhaseStartsFromTheFirstPhasesWeightsAndRefusesAnotherShape() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path first = dir.resolve("first");
    try (DemoModelTrainer t = DemoModelTrainer.open(tiny(first), quiet, false)) {
      t.train();
    }
    Path firstCheckpoint = first.resolve("checkpoint.safetensors");
    TrainConfig base = tiny(dir.resolve("second"));
    TrainConfig second =
        new TrainConfig(
            base.seed() + 1, // another seed would learn another tokenizer: the first's must carry
            base.model(),
            List.of(Stage.parse("200x1:0-3@3")),
            base.optimiser(),
            base.objective(),
            base.evalSamples(),
            base.advanceAt(),
            base.workDir(),
            base.checkpointSeconds());
    try (DemoModelTrainer t =
            DemoModelTrainer.open(second, quiet, false, Optional.of(firstCheckpoint));
        SafetensorsFile a = SafetensorsFile.open(firstCheckpoint)) {
      assertThat(t.state().step()).isZero();
      assertThat(dir.resolve("second/tokenizer/tokenizer.json"))
          .hasSameBinaryContentAs(first.resolve("tokenizer/tokenizer.json"));
      for (var e : t.weights().named().entrySet()) {
        assertThat(e.getValue().toFloatArray())
            .as(e.getKey())
            .containsExactly(a.readFloats(e.getKey()));
      }
    }

    TrainConfig wider =
        new TrainConfig(
            base.seed(),
            ModelConfig.builder()
                .vocabSize(CorpusFixture.VOCAB)
                .hiddenSize(48)
                .intermediateSize(64)
                .numLayers(3)
                .numHeads(2)
                .numKvHeads(1)
                .maxPositionEmbeddings(512)
                .tieWordEmbeddings(true)
                .build(),
            second.stages(),
            base.optimiser(),
            base.objective(),
            base.evalSamples(),
            base.advanceAt(),
            dir.resolve("wider"),
            base.checkpointSeconds());
    assertThatThrownBy(
            () -> DemoModelTrainer.open(wider, quiet, false, Optional.of(firstCheckpoint)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("values, the model expects");
  }
}
