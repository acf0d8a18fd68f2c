package io.tokenprune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.Architecture;
import io.tokenprune.inference.model.ModelConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tokenprune select} run in-process on a random-weight byte-level model. */
class SelectCommandTest {
  static final String DOC =
      "The archive opened at nine. Nobody came before ten! The pass key is 48213. Remember it.\n"
          + "Lunch was served at noon. The weather stayed grey all day.";
  static final String QUESTION = "What is the pass key?";

  @TempDir static Path dir;
  static Path model;
  static Path doc;

  @BeforeAll
  static void writeModelAndDocument() throws Exception {
    ModelConfig config =
        ModelConfig.builder()
            .architecture(Architecture.LLAMA)
            .hiddenSize(32)
            .intermediateSize(48)
            .numLayers(3)
            .numHeads(4)
            .numKvHeads(2)
            .build();
    model = TinyCheckpoint.of(config).seed(9).write(dir.resolve("model"));
    doc = Files.writeString(dir.resolve("doc.txt"), DOC);
  }

  @Test
  void printsTheSelectedTextAndWritesTheJson() throws Exception {
    Path json = dir.resolve("sel.json");
    CliRun r =
        select(
            "--model",
            model.toString(),
            "--doc",
            doc.toString(),
            "--question",
            QUESTION,
            "--top-k",
            "20",
            "--layer",
            "2",
            "--json",
            json.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    byte[] bytes = DOC.getBytes(StandardCharsets.UTF_8);
    // <s>, the document's bytes, then "\n\n" and the question
    assertThat(j.get("originalLength").asInt()).isEqualTo(1 + bytes.length + 2 + QUESTION.length());
    assertThat(j.get("filterLayer").asInt()).isEqualTo(2);
    assertThat(j.get("selectedIds")).hasSize(20);
    int previous = 0;
    for (int i = 0; i < 20; i++) {
      int p = j.get("positions").get(i).asInt();
      assertThat(p).isGreaterThan(previous).isLessThanOrEqualTo(bytes.length);
      assertThat(j.get("selectedIds").get(i).asInt()).isEqualTo(bytes[p - 1] & 0xFF);
      previous = p;
    }
    assertThat(r.out()).isEqualTo(j.get("text").asText() + System.lineSeparator());
    assertThat(j.get("timingsMs").get("total").asDouble()).isPositive();
    assertThat(r.err()).contains("selected 20 of " + bytes.length + " document tokens");
  }

  @Test
  void sentenceGranularityPrintsWholeSentences() {
    CliRun r =
        select(
            "--model",
            model.toString(),
            "--doc",
            doc.toString(),
            "--question",
            QUESTION,
            "--top-k",
            "40",
            "--granularity",
            "SENTENCE");
    assertThat(r.exit()).as(r.err()).isZero();
    String text = r.out().substring(0, r.out().length() - System.lineSeparator().length());
    assertThat(text).isNotEmpty();
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(40);
    String[] sentences = {
      "The archive opened at nine.", " Nobody came before ten!", " The pass key is 48213.",
      " Remember it.\n", "Lunch was served at noon.", " The weather stayed grey all day."
    };
    String rest = text;
    for (String s : sentences) {
      if (rest.startsWith(s)) {
        rest = rest.substring(s.length());
      }
    }
    assertThat(rest).as("'%s' is whole sentences in order", text).isEmpty();
  }

  @Test
  void badInputExitsTwoWithAMessage() {
    CliRun missing =
        select(
            "--model",
            model.toString(),
            "--doc",
            dir.resolve("nope.txt").toString(),
            "--question",
            QUESTION);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("tokenprune: ").contains("nope.txt");
    CliRun empty = select("--model", model.toString(), "--doc", doc.toString(), "--question", " ");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).isEqualTo("tokenprune: --question must not be empty\n");
    CliRun layer =
        select(
            "--model",
            model.toString(),
            "--doc",
            doc.toString(),
            "--question",
            QUESTION,
            "--layer",
            "7");
    assertThat(layer.err())
        .isEqualTo("tokenprune: filterLayer 7 is not below the model's 3 layers\n");
    assertThat(layer.exit()).isEqualTo(2);
    CliRun noModel =
        select(
            "--model",
            dir.resolve("absent").toString(),
            "--doc",
            doc.toString(),
            "--question",
            QUESTION);
    assertThat(noModel.exit()).isEqualTo(2);
    assertThat(noModel.err()).contains("absent");
    CliRun granularity =
        select(
            "--model",
            model.toString(),
            "--doc",
            doc.toString(),
            "--question",
            QUESTION,
            "--granularity",
            "word");
    assertThat(granularity.exit()).isEqualTo(2);
    assertThat(granularity.err()).contains("--granularity must be token or sentence, got 'word'");
  }

  private static CliRun select(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TokenPrune.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "select";
    System.arraycopy(args, 0, full, 1, args.length);
    int exit = cli.execute(full);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
