package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.bench.IngestBench;
import io.tokenprune.deploy.bench.SerdeBench;
import io.tokenprune.ingest.IngestStats;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints a markdown table for docs/benchmarks.md.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchCommand.Serde.class,
      BenchReducerCommand.class,
      BenchDocsCommand.class,
      BenchVideoCommand.class,
      BenchGatewayCommand.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = "Frames/s of generated 384x384 JPEG frames produced to the broker (acks=all).")
  static final class Ingest implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;

    @Option(
        names = "--frames",
        defaultValue = "300",
        description = "Frames per run (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(
        names = "--runs",
        defaultValue = "3",
        description = "Measured runs after one warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr())) {
        IngestBench.run(
            conn.bootstrapServers(), "tp.video.frames", Math.min(frames, 50), "bench-warmup");
        out.println("| run | frames | JPEG MB | seconds | frames/s | MB/s |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (int r = 1; r <= runs; r++) {
          IngestStats s =
              IngestBench.run(conn.bootstrapServers(), "tp.video.frames", frames, "bench-" + r);
          out.printf(
              Locale.ROOT,
              "| %d | %d | %.1f | %.2f | %.1f | %.1f |%n",
              r,
              s.sent(),
              s.bytes() / 1e6,
              s.wall().toNanos() / 1e9,
              s.recordsPerSecond(),
              s.megabytesPerSecond());
          out.flush();
        }
      }
      return 0;
    }
  }

  @Command(
      name = "serde",
      mixinStandardHelpOptions = true,
      description = "Records/s through TensorCodec + Avro for one 196x1152 F16 token record.")
  static final class Serde implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--tokens", defaultValue = "196")
    int tokens;

    @Option(names = "--dim", defaultValue = "1152")
    int dim;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measured phase.")
    double seconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "record: %d tokens x %d dims, F16%n", tokens, dim);
      out.println("| operation | record KB | records/s | MB/s |");
      out.println("|---|---:|---:|---:|");
      for (SerdeBench.Result r : SerdeBench.run(tokens, dim, seconds)) {
        out.printf(
            Locale.ROOT,
            "| %s | %.1f | %.0f | %.0f |%n",
            r.operation(),
            r.recordBytes() / 1024.0,
            r.recordsPerSecond(),
            r.megabytesPerSecond());
      }
      return 0;
    }
  }
}
