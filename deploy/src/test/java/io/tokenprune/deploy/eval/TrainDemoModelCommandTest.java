package io.tokenprune.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.deploy.cli.TokenPrune;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tokenprune train-demo-model} for two steps: the bundle it writes loads in the runtime. */
class TrainDemoModelCommandTest {
  @TempDir Path dir;

  @Test
  void trainsStopsResumesAndExports() throws Exception {
    Path work = dir.resolve("work");
    Path out = dir.resolve("model");
    String stages = "--stages=160x2:0-2@2";
    int stopped =
        run(
            "train-demo-model",
            "--work",
            work.toString(),
            "--out",
            out.toString(),
            stages,
            "--answer-weight=2.5",
            "--until-step",
            "1");
    assertThat(stopped).isZero();
    assertThat(out).doesNotExist();
    assertThat(work.resolve("checkpoint.safetensors")).exists();

    int finished =
        run(
            "train-demo-model",
            "--work",
            work.toString(),
            "--out",
            out.toString(),
            stages,
            "--answer-weight=2.5");
    assertThat(finished).isZero();
    assertThat(Files.readString(out.resolve("training.json")))
        .contains("\"steps\" : 2")
        .contains("answerWeight=2.5");
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
  }

  private static int run(String... args) {
    CommandLine cli = TokenPrune.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }
}
