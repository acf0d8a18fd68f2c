package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.bench.ReducerBench;
import io.tokenprune.reducer.stream.ReducerConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "reducer",
    mixinStandardHelpOptions = true,
    description = {
      "End-to-end frames/s of the HoliTom reducer against a pass-through Streams app, through the",
      "broker, over the same pre-encoded token frames; runs alternate in one process."
    })
final class BenchReducerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Option(
      names = "--streams",
      defaultValue = "4",
      description = "Streams (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--frames",
      defaultValue = "128",
      description = "Frames per stream (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--dim",
      defaultValue = "1152",
      description = "Token dim (default ${DEFAULT-VALUE}, SigLIP).")
  int dim;

  @Option(
      names = "--rounds",
      defaultValue = "2",
      description = "Measured runs of each app after one warm-up (default ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (streams < 1 || frames < 2 || dim < 1 || rounds < 1) {
      throw new UserInputException("--streams, --rounds, --dim must be >= 1 and --frames >= 2");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr())) {
      ReducerBench bench = new ReducerBench(conn.bootstrapServers(), streams, frames, dim);
      bench.produceInput();
      out.printf(
          Locale.ROOT,
          "input: %d streams x %d frames of 196 x %d F16 tokens on %s%n",
          streams,
          frames,
          dim,
          bench.inputTopic());
      out.println("| round | app | frames | tokens out | seconds | frames/s |");
      out.println("|---:|---|---:|---:|---:|---:|");
      out.flush();
      List<ReducerBench.Run> runs = bench.runAll(rounds);
      double pt = 0;
      double ht = 0;
      for (ReducerBench.Run r : runs) {
        out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %d | %.2f | %.1f |%n",
            r.round() == 0 ? "warm-up" : String.valueOf(r.round()),
            r.mode() == ReducerConfig.Mode.HOLITOM ? "HoliTom" : "pass-through",
            r.frames(),
            r.tokensOut(),
            r.seconds(),
            r.framesPerSecond());
        if (r.round() == 0) {
          continue;
        }
        if (r.mode() == ReducerConfig.Mode.HOLITOM) {
          ht += r.seconds();
        } else {
          pt += r.seconds();
        }
      }
      out.printf(
          Locale.ROOT,
          "HoliTom / pass-through throughput over the measured rounds: %.2f (target >= 0.8)%n",
          pt / ht);
    }
    return 0;
  }
}
