package io.tokenprune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.deploy.bench.NeedleDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tokenprune bench docs}, in process, on a small random-weight model, without a broker. */
class BenchDocsCommandTest {
  @Test
  void printsOneRowPerContextWithTheCacheAgreeing() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TokenPrune.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit =
        cli.execute(
            "bench",
            "docs",
            "--random-weights",
            "--max-positions",
            "320",
            "--contexts",
            "128,max,9999",
            "--reps",
            "1",
            "--layer",
            "2",
            "--top-k",
            "16",
            "--no-broker");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("skipping context 9999: the model's context is 320 tokens");
    String[] rows =
        out.toString().lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toArray(String[]::new);
    assertThat(rows).hasSize(2);
    assertThat(rows).allSatisfy(r -> assertThat(r).endsWith("| yes |"));
    assertThat(out.toString()).contains("filter layer 2, top-k 16");
  }

  @Test
  void aNeedleDocumentHasItsPassKeyWhereItSays() {
    NeedleDocument d = NeedleDocument.build(300, 0.5, 3, String::length);
    assertThat(d.text().substring(d.passKeyStart(), d.passKeyStart() + 5)).isEqualTo(d.passKey());
    assertThat(d.text()).contains("The pass key is " + d.passKey() + ". Remember it.");
    // one token per char here: the document fills the target up to one sentence
    assertThat(d.text().length()).isBetween(200, 300);
    assertThat(NeedleDocument.build(300, 0.5, 3, String::length)).isEqualTo(d);
  }
}
