package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.bench.GatewayDocsBench;
import io.tokenprune.deploy.bench.InnerMergeBench;
import io.tokenprune.deploy.bench.NeedleDocument;
import io.tokenprune.deploy.serve.ServeRun;
import io.tokenprune.gateway.BackendSettings;
import io.tokenprune.gateway.GatewayConfig;
import io.tokenprune.gateway.http.ServerSettings;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.text.TextTokenizer;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.doc.DocumentChunker;
import io.tokenprune.ingest.doc.DocumentIngest;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.schemas.DocumentChunk;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description =
        "Gateway benchmarks: document questions over HTTP, and the inner merge's prefill.",
    subcommands = {BenchGatewayCommand.Docs.class, BenchGatewayCommand.Merge.class})
final class BenchGatewayCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "docs",
      mixinStandardHelpOptions = true,
      description = {
        "Document questions through the gateway (local backend, streamed): time to first token and",
        "total latency with the full document in the message, and with GemFilter selection.",
        "Runs the reducer and the gateway in this JVM (on the embedded broker unless --bootstrap)."
      })
  static final class Docs implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description =
            "Model folder (default: random weights in the bundled model's shape, 16k positions).")
    Path model;

    @Option(
        names = "--contexts",
        split = ",",
        defaultValue = "2048,8192",
        description = "Prompt tokens (default ${DEFAULT-VALUE}).")
    List<Integer> contexts;

    @Option(
        names = "--reps",
        defaultValue = "3",
        description = "Measured requests per cell after a warm-up (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(
        names = "--max-tokens",
        defaultValue = "8",
        description = "Tokens generated per answer (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(
        names = "--top-k",
        description = "GemFilter's topK for these requests (default: the policy's, 1024).")
    Integer topK;

    @Override
    public Integer call() throws Exception {
      if (reps < 1 || maxTokens < 1 || contexts.stream().anyMatch(c -> c < 64)) {
        throw new UserInputException("need --reps >= 1, --max-tokens >= 1 and contexts >= 64");
      }
      PrintWriter out = spec.commandLine().getOut();
      Path temp = Files.createTempDirectory("tokenprune-bench-gateway");
      try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr())) {
        Path dir = model != null ? model : randomModel(temp.resolve("bench-model"));
        GatewayConfig config =
            GatewayConfig.of(BackendSettings.Local.of(dir), conn.bootstrapServers())
                .withServer(ServerSettings.defaults().withPort(0));
        try (ServeRun run =
                ServeRun.start(
                    config,
                    Optional.of(
                        new ServeRun.Reducer(
                            Optional.of(dir),
                            temp.resolve("state"),
                            "tokenprune-bench-gateway-" + System.currentTimeMillis())));
            TextTokenizer tokenizer = TextTokenizer.load(dir);
            KafkaSink<DocumentChunk> sink =
                KafkaSink.documentChunks(conn.bootstrapServers(), config.kafka().topics().docs())) {
          int frame = tokenizer.encode("").length;
          GatewayDocsBench bench =
              new GatewayDocsBench(run.url(), dir.getFileName().toString(), maxTokens);
          out.printf(
              Locale.ROOT,
              "model %s, %d generated tokens, %d runs per cell after a warm-up%n",
              dir.getFileName(),
              maxTokens,
              reps);
          out.println(
              "| context | mode | prompt tokens | TTFT median ms (min-max) | total median ms (min-max) | pass key found |");
          out.println("|---:|---|---:|---:|---:|---:|");
          for (int ctx : contexts) {
            NeedleDocument doc =
                NeedleDocument.build(ctx - 16, 0.5, ctx, s -> tokenizer.encode(s).length - frame);
            String docId = "bench-doc-" + ctx;
            new DocumentIngest(sink, DocumentChunker.DEFAULT_MAX_BYTES, ProgressBar.silent())
                .ingestText(docId, doc.text());
            OptionalInt k = topK == null ? OptionalInt.empty() : OptionalInt.of(topK);
            print(out, ctx, bench.row("full context", reps, () -> bench.full(doc), doc.passKey()));
            print(
                out,
                ctx,
                bench.row("GemFilter", reps, () -> bench.pruned(docId, k), doc.passKey()));
          }
        }
      } finally {
        try (Stream<Path> files = Files.walk(temp)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return 0;
    }

    private static Path randomModel(Path dir) throws IOException {
      return TinyCheckpoint.of(InnerMergeBench.decoder()).seed(9).write(dir);
    }

    private static void print(PrintWriter out, int ctx, GatewayDocsBench.Row r) {
      out.printf(
          Locale.ROOT,
          "| %d | %s | %d | %.0f (%.0f-%.0f) | %.0f (%.0f-%.0f) | %d/%d |%n",
          ctx,
          r.mode(),
          r.promptTokens(),
          GatewayDocsBench.median(r.firstMs()),
          min(r.firstMs()),
          max(r.firstMs()),
          GatewayDocsBench.median(r.totalMs()),
          min(r.totalMs()),
          max(r.totalMs()),
          r.found(),
          r.runs());
      out.flush();
    }
  }

  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      description = {
        "Prefill time of a visual question with and without the inner merge at layer K, on a",
        "LLaVA-style model (random weights, the bundled model's decoder shape)."
      })
  static final class Merge implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--visual",
        defaultValue = "1000",
        description = "Visual tokens Nv (default ${DEFAULT-VALUE}).")
    int visual;

    @Option(
        names = "--layer",
        defaultValue = "3",
        description = "Merge layer K (default ${DEFAULT-VALUE}, the policy default).")
    int layer;

    @Option(
        names = "--ratios",
        split = ",",
        defaultValue = "0.5,0.75",
        description = "Merge ratios r (default ${DEFAULT-VALUE}).")
    List<Double> ratios;

    @Option(
        names = "--reps",
        defaultValue = "5",
        description = "Measured prefills per row after a warm-up (default ${DEFAULT-VALUE}).")
    int reps;

    @Override
    public Integer call() throws IOException {
      if (visual < 2 || reps < 1) {
        throw new UserInputException("need --visual >= 2 and --reps >= 1");
      }
      PrintWriter out = spec.commandLine().getOut();
      Path temp = Files.createTempDirectory("tokenprune-bench-merge");
      try (InnerMergeBench bench = InnerMergeBench.create(temp.resolve("llava"), visual)) {
        if (layer < 1 || layer >= bench.layers()) {
          throw new UserInputException(
              "--layer must be in [1, " + (bench.layers() - 1) + "], got " + layer);
        }
        out.printf(
            Locale.ROOT,
            "%d layers, hidden 128, Nv = %d, merge at K = %d, %d runs after a warm-up%n",
            bench.layers(),
            visual,
            layer,
            reps);
        out.println(
            "| r | prompt | visual kept | KV at last layer | prefill median ms (min-max) | vs no merge |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        InnerMergeBench.Row none = bench.measure(layer, 0, reps);
        print(out, none, none);
        for (double r : ratios) {
          print(out, bench.measure(layer, r, reps), none);
        }
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage(), e);
      } finally {
        try (Stream<Path> files = Files.walk(temp)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return 0;
    }

    private static void print(PrintWriter out, InnerMergeBench.Row r, InnerMergeBench.Row none) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d | %.0f (%.0f-%.0f) | %.2f |%n",
          r.ratio() == 0 ? "none" : Double.toString(r.ratio()),
          r.prompt(),
          r.kept(),
          r.kvLength(),
          r.median(),
          min(r.prefillMs()),
          max(r.prefillMs()),
          r.median() / none.median());
      out.flush();
    }
  }

  private static double min(double[] v) {
    return java.util.Arrays.stream(v).min().orElse(0);
  }

  private static double max(double[] v) {
    return java.util.Arrays.stream(v).max().orElse(0);
  }
}
