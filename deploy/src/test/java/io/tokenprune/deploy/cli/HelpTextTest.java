package io.tokenprune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly. Picocli runs descriptions through String.format, so a bare
 * "%" ("0% to 100%") makes it print a warning on stderr and show the raw text; it must be "%%".
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    List<CommandLine> commands = new ArrayList<>();
    collect(TokenPrune.commandLine(), commands);
    assertThat(commands).hasSizeGreaterThan(10);
    // picocli's tracer writes its warnings to System.err
    PrintStream original = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    List<String> usages = new ArrayList<>();
    try {
      System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
      for (CommandLine c : commands) {
        usages.add(c.getUsageMessage());
      }
    } finally {
      System.setErr(original);
    }
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    assertThat(String.join("\n", usages))
        .contains("0% to 100%")
        .contains("(10%, 15%, 25%)")
        .doesNotContain("%%");
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    into.add(c);
    c.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
