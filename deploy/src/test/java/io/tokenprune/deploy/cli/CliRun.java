package io.tokenprune.deploy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the {@code tokenprune} command line, as the CLI tests drive it: the exit
 * code and what it printed on stdout and stderr.
 */
public record CliRun(int exit, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        TokenPrune.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
