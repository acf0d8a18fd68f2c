package io.tokenprune.inference.bench;

import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.GenerationResult;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.generate.TokenListener;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.runtime.DeviceChoice;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prefill and decode tokens/s of a 4-layer, hidden-256 Llama (4 heads of 64 over 2 KV heads,
 * intermediate 688, vocab 32000, random weights) at several context lengths, and the early-layer
 * filter at L=1 against a full prefill of the same input. Each context is run once to warm up, then
 * every figure is the best of {@code --reps} runs, all in one process, so ratios are comparable
 * even on a shared machine.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp CLASSPATH io.tokenprune.inference.bench.RuntimeBench \
 *   [--contexts 1024,4096,8192] [--decode 32] [--reps 2] [--chunk 512] [--device cpu]
 * </pre>
 */
public final class RuntimeBench {
  private RuntimeBench() {}

  /** One context length's figures (nanoseconds, best of reps). */
  record Row(int context, long prefill, long decode, int decoded, long filter) {}

  public static void main(String[] args) throws IOException {
    int[] contexts = {1024, 4096, 8192};
    int decode = 32;
    int reps = 2;
    int chunk = RuntimeConfig.DEFAULT_CHUNK;
    DeviceChoice device = DeviceChoice.CPU;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--contexts" ->
            contexts = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--decode" -> decode = Integer.parseInt(args[i + 1]);
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        case "--chunk" -> chunk = Integer.parseInt(args[i + 1]);
        case "--device" -> device = DeviceChoice.parse(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    int maxContext = Arrays.stream(contexts).max().orElse(1024);
    ModelConfig config =
        ModelConfig.builder()
            .numLayers(4)
            .hiddenSize(256)
            .numHeads(4)
            .numKvHeads(2)
            .intermediateSize(688)
            .vocabSize(32_000)
            .maxPositionEmbeddings(Math.max(2048, maxContext + decode + 1))
            .ropeTheta(500_000)
            .build();
    Path dir = Files.createTempDirectory("tokenprune-bench");
    try {
      TinyCheckpoint.of(config).seed(1).write(dir);
      try (ModelRuntime rt = ModelRuntime.load(dir, new RuntimeConfig(device, chunk))) {
        Row[] rows = run(rt, contexts, decode, reps);
        print(rt, rows, chunk, reps);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Row[] run(ModelRuntime rt, int[] contexts, int decode, int reps) {
    Row[] rows = new Row[contexts.length];
    Random random = new Random(7);
    for (int c = 0; c < contexts.length; c++) {
      int[] ids = random.ints(contexts[c], 0, 256).toArray();
      long prefill = Long.MAX_VALUE;
      long decodeTime = Long.MAX_VALUE;
      int decoded = 0;
      long filter = Long.MAX_VALUE;
      for (int r = -1; r < reps; r++) { // r = -1 warms up this shape and is not counted
        GenerationResult g =
            rt.generator()
                .generate(
                    GenerationRequest.of(
                        Prompt.ofTokens(ids), SamplingOptions.GREEDY, Set.of(), decode),
                    TokenListener.IGNORE);
        long t0 = System.nanoTime();
        rt.filter().scores(ids, 1);
        long filterTime = System.nanoTime() - t0;
        if (r < 0) {
          continue;
        }
        prefill = Math.min(prefill, g.prefillNanos());
        filter = Math.min(filter, filterTime);
        // n tokens need n - 1 forward steps: the first comes from the prefill
        if (g.tokens().length > 1 && g.decodeNanos() < decodeTime) {
          decodeTime = g.decodeNanos();
          decoded = g.tokens().length - 1;
        }
      }
      rows[c] = new Row(contexts[c], prefill, decodeTime, decoded, filter);
    }
    return rows;
  }

  static void print(ModelRuntime rt, Row[] rows, int chunk, int reps) {
    ModelConfig c = rt.config();
    System.out.printf(
        "%nRuntimeBench: %d layers, hidden %d, %d heads / %d kv heads, vocab %d, chunk %d, %s,"
            + " threads %s, best of %d%n%n",
        c.numLayers(),
        c.hiddenSize(),
        c.numHeads(),
        c.numKvHeads(),
        c.vocabSize(),
        chunk,
        rt.runtimeConfig().device(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        reps);
    System.out.println(
        "| context | prefill tok/s | decode tok/s | full prefill ms | filter L=1 ms | filter / prefill |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(
          "| %d | %.0f | %s | %.1f | %.1f | %.3f |%n",
          r.context(),
          r.context() / (r.prefill() / 1e9),
          r.decoded() > 0 ? String.format("%.1f", r.decoded() / (r.decode() / 1e9)) : "n/a",
          r.prefill() / 1e6,
          r.filter() / 1e6,
          (double) r.filter() / r.prefill());
    }
  }
}
