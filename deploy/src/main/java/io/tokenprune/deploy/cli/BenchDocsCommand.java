package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.bench.DocsBench;
import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.ConfigJson;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ModelFormatException;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "GemFilter document path: selection time against a full prefill of the same prompt, and the",
      "question latency through the broker (request produced to CompactContext consumed) with and",
      "without the prefix cache, at several prompt lengths."
    })
final class BenchDocsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Option(names = "--model", paramLabel = "DIR", description = "Model folder with tokenizer.json.")
  Path model;

  @Option(
      names = "--random-weights",
      description =
          "Use random weights of --model's shape (or the bundled model's, 8 x 128), with"
              + " --max-positions: latency does not depend on the weights.")
  boolean random;

  @Option(
      names = "--max-positions",
      paramLabel = "N",
      defaultValue = "8192",
      description = "Context of the random-weight model (default ${DEFAULT-VALUE}).")
  int maxPositions;

  @Option(
      names = "--contexts",
      paramLabel = "LIST",
      defaultValue = "2048,8192,max",
      split = ",",
      description =
          "Prompt lengths in tokens; max = the model's context (default ${DEFAULT-VALUE}).")
  List<String> contexts;

  @Option(names = "--layer", paramLabel = "L", description = "Filter layer (default: the model's).")
  Integer layer;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      defaultValue = "1024",
      description = "Tokens kept (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = "--reps",
      defaultValue = "5",
      description = "Measured repetitions per cell (default ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--no-broker", description = "Only the in-process comparison.")
  boolean noBroker;

  @Override
  public Integer call() throws Exception {
    if (reps < 1 || topK < 1) {
      throw new UserInputException("--reps and --top-k must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path temp = Files.createTempDirectory("tokenprune-bench-docs");
    try {
      run(out, temp);
    } finally {
      try (Stream<Path> files = Files.walk(temp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private void run(PrintWriter out, Path temp) throws Exception {
    Path dir = modelDir(temp);
    try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
      int[] lengths = lengths(rt.config().maxPositionEmbeddings());
      int l;
      try (var probe =
          io.tokenprune.reducer.docs.select.DocumentSelector.create(
              rt, io.tokenprune.reducer.docs.select.PromptTemplate.defaults(), 0)) {
        l = probe.layer(layer == null ? OptionalInt.empty() : OptionalInt.of(layer));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage(), e);
      }
      ModelConfig c = rt.config();
      out.printf(
          Locale.ROOT,
          "model %s%s: %d layers, hidden %d, %d/%d heads, context %d; filter layer %d, top-k %d,"
              + " best of %d, threads %s%n%n",
          random ? "random weights of " : "",
          dir.getFileName(),
          c.numLayers(),
          c.hiddenSize(),
          c.numHeads(),
          c.numKvHeads(),
          c.maxPositionEmbeddings(),
          l,
          topK,
          reps,
          System.getProperty("ai.djl.pytorch.num_threads", "default"));
      DocsBench bench = new DocsBench(rt, l, topK, reps);
      out.println(
          "| prompt tokens | full prefill ms | select, no cache ms | prefill / select |"
              + " select, cached ms | document prefill ms | cached = uncached |");
      out.println("|---:|---:|---:|---:|---:|---:|---|");
      out.flush();
      for (int n : lengths) {
        DocsBench.Local r = bench.local(n);
        out.printf(
            Locale.ROOT,
            "| %d | %.1f | %.1f | %.2f | %.1f | %.1f | %s |%n",
            r.promptTokens(),
            r.prefillMs(),
            r.selectMs(),
            r.prefillMs() / r.selectMs(),
            r.cachedMs(),
            r.fillMs(),
            r.cacheAgrees() ? "yes" : "NO");
        out.flush();
      }
      if (!noBroker) {
        remote(out, bench, lengths, temp);
      }
    }
  }

  private void remote(PrintWriter out, DocsBench bench, int[] lengths, Path temp) throws Exception {
    out.println();
    out.println(
        "| prompt tokens | prefix cache | median ms | min ms | max ms | median / first row's |");
    out.println("|---:|---|---:|---:|---:|---:|");
    out.flush();
    try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr())) {
      for (boolean cache : new boolean[] {true, false}) {
        List<DocsBench.Remote> rows =
            bench.remote(conn.bootstrapServers(), temp.resolve("state"), lengths, cache);
        double base = rows.get(0).median();
        for (DocsBench.Remote r : rows) {
          out.printf(
              Locale.ROOT,
              "| %d | %s | %.1f | %.1f | %.1f | %.2f |%n",
              r.promptTokens(),
              cache ? "on" : "off",
              r.median(),
              r.min(),
              r.max(),
              r.median() / base);
        }
        out.flush();
      }
    }
  }

  private Path modelDir(Path temp) throws Exception {
    if (!random) {
      if (model == null) {
        throw new UserInputException("give --model DIR, or --random-weights");
      }
      if (!Files.isRegularFile(model.resolve("config.json"))) {
        throw new UserInputException("no config.json in model folder " + model);
      }
      return model;
    }
    ModelConfig shape =
        model != null
            ? ConfigJson.read(model.resolve("config.json"))
            : ModelConfig.builder()
                .vocabSize(1536)
                .hiddenSize(128)
                .intermediateSize(384)
                .numLayers(8)
                .numHeads(4)
                .numKvHeads(2)
                .tieWordEmbeddings(true)
                .build();
    try {
      return TinyCheckpoint.of(shape.toBuilder().maxPositionEmbeddings(maxPositions).build())
          .seed(1)
          .write(temp.resolve("random-" + (model == null ? "bundled-shape" : model.getFileName())));
    } catch (ModelFormatException | IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private int[] lengths(int max) {
    List<Integer> out = new ArrayList<>();
    for (String c : contexts) {
      int n;
      try {
        n = c.trim().equals("max") ? max : Integer.parseInt(c.trim());
      } catch (NumberFormatException e) {
        throw new UserInputException("--contexts takes token counts or 'max', got '" + c + "'");
      }
      if (n > max) {
        spec.commandLine()
            .getErr()
            .printf("skipping context %d: the model's context is %d tokens%n", n, max);
        continue;
      }
      if (n < 64) {
        throw new UserInputException("--contexts must be >= 64 tokens, got " + n);
      }
      out.add(n);
    }
    if (out.isEmpty()) {
      throw new UserInputException("no context in " + contexts + " fits the model's " + max);
    }
    return out.stream().distinct().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public String toString() {
    return "bench docs " + Arrays.toString(contexts.toArray());
  }
}
