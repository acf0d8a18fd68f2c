package io.tokenprune.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.deploy.cli.TokenPrune;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.train.CorpusTokenizerBuilder;
import io.tokenprune.inference.train.WordLists;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tokenprune eval needle} end to end on a random-weight model with the corpus tokenizer: the
 * plumbing (grid, every method, timing, JSON fields, table, heatmap), not the accuracy.
 */
class EvalCommandTest {
  @TempDir static Path dir;
  static Path model;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void writeModel() throws Exception {
    ModelConfig config =
        ModelConfig.builder()
            .vocabSize(600)
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(3)
            .numHeads(4)
            .numKvHeads(2)
            .maxPositionEmbeddings(1024)
            .build();
    model = TinyCheckpoint.of(config).seed(4).write(dir.resolve("model"));
    CorpusTokenizerBuilder.write(model, WordLists.bundled(), 600, 1); // replaces the byte-level one
  }

  @Test
  void writesTheReportTableAndHeatmap() throws Exception {
    Path json = dir.resolve("out/needle.json");
    Path png = dir.resolve("out/needle.png");
    Run r =
        run(
            "eval",
            "needle",
            "--model",
            model.toString(),
            "--samples",
            "4",
            "--lengths",
            "256,384",
            "--depths",
            "2",
            "--top-k",
            "32,64",
            "--timing-prompts",
            "1",
            "--json",
            json.toString(),
            "--png",
            png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("| full context |").contains("| GemFilter L=");
    assertThat(r.err()).contains("length 256: full");

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.path("samples").asInt()).isEqualTo(4); // one per (length, depth) cell
    assertThat(report.path("full").path("em").isNumber()).isTrue();
    JsonNode gem = report.path("gemfilter");
    assertThat(gem.size()).isEqualTo(3 * 2 * 2); // layers x k x granularity
    for (JsonNode e : gem) {
      assertThat(e.has("layer") && e.has("k") && e.has("em") && e.has("ttft_ratio")).isTrue();
      assertThat(e.path("ttft_ratio").asDouble()).isPositive();
    }
    assertThat(report.path("recency").size()).isEqualTo(2);
    assertThat(report.path("random").size()).isEqualTo(2);
    assertThat(report.path("lengths").size()).isEqualTo(2);
    assertThat(report.path("heatmap").path("full").size()).isEqualTo(2); // depths

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThan(200);
    assertThat(image.getHeight()).isGreaterThan(100);
  }

  @Test
  void aMissingModelIsBadInput() {
    Run r = run("eval", "needle", "--model", dir.resolve("nothing").toString());
    assertThat(r.exit()).isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(r.err()).contains("no model at");
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TokenPrune.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
