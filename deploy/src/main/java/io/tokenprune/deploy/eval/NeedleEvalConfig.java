package io.tokenprune.deploy.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What one needle evaluation runs.
 *
 * @param model the model folder (its tokenizer.json must be the corpus tokenizer it was trained
 *     with, as in the bundled model)
 * @param lengths prompt lengths in tokens, ascending
 * @param depths depths per length (evenly spaced from 0 to 1)
 * @param samples prompts in all, spread evenly over the (length, depth) cells, at least one each
 * @param topKs GemFilter, recency and random budgets
 * @param seed seeds the prompts (held out: the trainer's evaluation and training use other seeds)
 * @param timingPrompts prompts per length for the time-to-first-token measurement (0 skips it)
 */
public record NeedleEvalConfig(
    Path model,
    List<Integer> lengths,
    int depths,
    int samples,
    List<Integer> topKs,
    long seed,
    int timingPrompts) {

  public static final List<Integer> DEFAULT_LENGTHS = List.of(1024, 2048, 3072, 4096);
  public static final List<Integer> DEFAULT_TOP_KS = List.of(64, 128, 256);
  public static final long DEFAULT_SEED = 20_240_926L;

  public NeedleEvalConfig {
    if (model == null) {
      throw new IllegalArgumentException("model folder is required");
    }
    lengths = List.copyOf(lengths);
    topKs = List.copyOf(topKs);
    if (lengths.isEmpty() || topKs.isEmpty()) {
      throw new IllegalArgumentException("lengths and topKs must not be empty");
    }
    for (int i = 0; i < lengths.size(); i++) {
      if (lengths.get(i) < 128 || (i > 0 && lengths.get(i) <= lengths.get(i - 1))) {
        throw new IllegalArgumentException("lengths must be ascending and >= 128, got " + lengths);
      }
    }
    for (int k : topKs) {
      if (k < 1) {
        throw new IllegalArgumentException("top-k budgets must be >= 1, got " + topKs);
      }
    }
    if (depths < 2) {
      throw new IllegalArgumentException("depths must be >= 2, got " + depths);
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }
    if (timingPrompts < 0) {
      throw new IllegalArgumentException("timingPrompts must be >= 0, got " + timingPrompts);
    }
  }

  /** The grid: 1k to 4k tokens, 10 depths, k in {64, 128, 256}. */
  public static NeedleEvalConfig defaults(Path model, int samples) {
    return new NeedleEvalConfig(
        model, DEFAULT_LENGTHS, 10, samples, DEFAULT_TOP_KS, DEFAULT_SEED, 3);
  }

  /** Prompts per (length, depth) cell. */
  int perCell() {
    int cells = lengths.size() * depths;
    return Math.max(1, (samples + cells - 1) / cells);
  }

  double depth(int index) {
    return (double) index / (depths - 1);
  }
}
