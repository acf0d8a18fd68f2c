package io.tokenprune.deploy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one CLI: {@code tokenprune <command>}. {@code main} only wires picocli and exits. */
@Command(
    name = "tokenprune",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Kafka-native streaming token pruner for video LLMs and long-context LLMs.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      ReducerCommand.class,
      ModelCommand.class,
      BrokerCommand.class,
      TopicsCommand.class,
      IngestCommand.class,
      PolicyCommand.class,
      ReduceFileCommand.class,
      BenchCommand.class,
      SelectCommand.class,
      TrainDemoModelCommand.class,
      EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TokenPrune implements Runnable {
  /** Exit code for bad input: a missing file, an invalid flag value, malformed data. */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and the CLI tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TokenPrune());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof UserInputException) {
            err.println("tokenprune: " + e.getMessage());
            return EXIT_BAD_INPUT;
          }
          err.println("tokenprune: " + e);
          if (System.getenv("TOKENPRUNE_DEBUG") != null) {
            e.printStackTrace(err);
          }
          return 1;
        });
    return cli;
  }
}
