package io.tokenprune.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.deploy.cli.CliRun;
import io.tokenprune.deploy.cli.TokenPrune;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenprune train-demo-model} for two steps: the bundle it writes loads in the runtime. */
class TrainDemoModelCommandTest {
  @TempDir Path dir;

  @Test
  void trainsStopsResumesAndExports() throws Exception {
    Path work = dir.resolve("work");
    Path out = dir.resolve("model");
    String[] twoSteps = {
      "train-demo-model",
      "--work",
      work.toString(),
      "--out",
      out.toString(),
      "--stages=160x2:0-2@2",
      "--answer-weight=2.5",
      "--view-other-facts=0.7"
    };
    int stopped = run(concat(twoSteps, "--until-step", "1"));
    assertThat(stopped).isZero();
    assertThat(out).doesNotExist();
    assertThat(work.resolve("checkpoint.safetensors")).exists();

    int finished = run(twoSteps);
    assertThat(finished).isZero();
    assertThat(Files.readString(out.resolve("training.json")))
        .contains("\"steps\" : 2")
        .contains("answerWeight=2.5")
        .contains("viewOtherFacts=0.7");
    try (ModelRuntime rt = ModelRuntime.load(out, RuntimeConfig.cpu())) {
      assertThat(rt.config().numLayers()).isEqualTo(6);
      assertThat(rt.config().vocabSize()).isEqualTo(300);
      assertThat(rt.tokenizer().decode(rt.tokenizer().encode("The pass key is 48213.")))
          .isEqualTo("The pass key is 48213.");
    }
    assertThat(run("train-demo-model", "--work", work.toString(), "--stages=bad"))
        .isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(
            run(
                "train-demo-model",
                "--work",
                dir.resolve("phase2").toString(),
                "--init-from",
                dir.resolve("no-such-checkpoint.safetensors").toString()))
        .isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(run("train-demo-model", "--work", work.toString(), "--filter-from-stage=0"))
        .isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(run("train-demo-model", "--work", work.toString(), "--view-other-facts=1.5"))
        .isEqualTo(TokenPrune.EXIT_BAD_INPUT);
  }

  @Test
  void viewsFromTheModelsOwnSelectionRunThroughTheRuntimesSelection() throws Exception {
    Path work = dir.resolve("selected");
    int exit =
        run(
            "train-demo-model",
            "--work",
            work.toString(),
            "--out",
            dir.resolve("selected-model").toString(),
            "--stages=160x2:0-2@2",
            "--view-selected=1");
    assertThat(exit).isZero();
    // 2 steps x 4 views, every one drawn from the filter's selection: each became a view or, when
    // the (barely trained) filter lost the asked fact, was counted and replaced
    JsonNode eval = lastEval(work);
    assertThat(eval.path("ownSelectionViews").asLong() + eval.path("lostSelections").asLong())
        .isEqualTo(8);
    assertThat(Files.readString(dir.resolve("selected-model/training.json")))
        .contains("viewSelected=1.0");
    assertThat(run("train-demo-model", "--work", work.toString(), "--view-selected=1.5"))
        .isEqualTo(TokenPrune.EXIT_BAD_INPUT);
  }

  private static JsonNode lastEval(Path work) throws Exception {
    List<String> lines = Files.readAllLines(work.resolve("train-log.jsonl"));
    JsonNode last = null;
    for (String line : lines) {
      JsonNode n = new ObjectMapper().readTree(line);
      if (n.path("event").asText().equals("eval")) {
        last = n;
      }
    }
    assertThat(last).as("an eval line in train-log.jsonl").isNotNull();
    return last;
  }

  private static int run(String... args) {
    return CliRun.of(args).exit();
  }

  private static String[] concat(String[] head, String... tail) {
    return Stream.concat(Arrays.stream(head), Arrays.stream(tail)).toArray(String[]::new);
  }
}
