package io.tokenprune.deploy.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.schemas.policy.Granularity;
import java.util.List;
import java.util.Locale;

/**
 * The results of a needle evaluation: exact match per method (overall, per length, per cell), the
 * best GemFilter layer at k=128, and time-to-first-token ratios. Renders the JSON report and the
 * Markdown tables that go into the model card and docs/benchmarks.md.
 */
public final class NeedleReport {
  static final int HEADLINE_K = 128;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NeedleEvalConfig config;
  private final int layers;
  private final Tally tally;
  private final FirstTokenTimer.Timings timings;

  NeedleReport(NeedleEvalConfig config, int layers, Tally tally, FirstTokenTimer.Timings timings) {
    this.config = config;
    this.layers = layers;
    this.tally = tally;
    this.timings = timings;
  }

  public double fullEm() {
    return tally.em(Method.FULL);
  }

  public double fullEm(int lengthIndex) {
    return tally.em(Method.FULL, lengthIndex);
  }

  /** Exact match of GemFilter at a layer, budget and granularity, over the grid. */
  public double gemFilterEm(int layer, int k, Granularity g) {
    return tally.em(Method.gemFilter(layer, k, g));
  }

  public double gemFilterEm(int layer, int k, Granularity g, int lengthIndex) {
    return tally.em(Method.gemFilter(layer, k, g), lengthIndex);
  }

  public double recencyEm(int k) {
    return tally.em(Method.recency(k));
  }

  public double randomEm(int k) {
    return tally.em(Method.random(k));
  }

  public int samples() {
    return tally.samples();
  }

  /** 128 when it was evaluated (the issue's headline budget), else the middle budget. */
  public int headlineK() {
    List<Integer> ks = config.topKs();
    return ks.contains(HEADLINE_K) ? HEADLINE_K : ks.get(ks.size() / 2);
  }

  /**
   * The layer with the best TOKEN exact match at the headline k over the grid; ties go to the
   * earlier (faster) layer.
   */
  public int bestLayer() {
    int k = headlineK();
    int best = 0;
    for (int l = 1; l < layers; l++) {
      if (gemFilterEm(l, k, Granularity.TOKEN) > gemFilterEm(best, k, Granularity.TOKEN)) {
        best = l;
      }
    }
    return best;
  }

  /** Full-context TTFT over GemFilter's (TOKEN) at a length, or NaN when not timed. */
  public double ttftRatio(int lengthIndex, int layer, int k) {
    int ki = config.topKs().indexOf(k);
    return timings.measured() && ki >= 0 ? timings.speedup(lengthIndex, layer, ki) : Double.NaN;
  }

  NeedleEvalConfig config() {
    return config;
  }

  Tally tally() {
    return tally;
  }

  /** The report as JSON (the fields the issue asks for, plus per-length detail and the heatmap). */
  public String json() {
    int last = config.lengths().size() - 1;
    ObjectNode root = JSON.createObjectNode();
    root.put("model", config.model().getFileName().toString());
    root.put("samples", tally.samples());
    root.put("depths", config.depths());
    root.put("seed", config.seed());
    root.put("pool_kernel", DocumentCuts.POOL_KERNEL);
    root.put(
        "exact_match",
        "greedy reply up to EOS (its tokens + 2 at most), trimmed, equals the fact restated, e.g."
            + " \"The pass key is 48213.\"");
    root.put(
        "ttft_ratio",
        "full-context time to first token over GemFilter's (TOKEN selection), at the longest length;"
            + " > 1 means GemFilter is faster");
    ObjectNode full = root.putObject("full");
    full.put("em", round(fullEm()));
    byLength(full, Method.FULL);
    ArrayNode gem = root.putArray("gemfilter");
    for (int l = 0; l < layers; l++) {
      for (int k : config.topKs()) {
        for (Granularity g : Granularity.values()) {
          ObjectNode e = gem.addObject();
          e.put("layer", l);
          e.put("k", k);
          e.put("granularity", g.name());
          e.put("em", round(gemFilterEm(l, k, g)));
          e.put("ttft_ratio", round(ttftRatio(last, l, k)));
          byLength(e, Method.gemFilter(l, k, g));
        }
      }
    }
    ArrayNode recency = root.putArray("recency");
    ArrayNode random = root.putArray("random");
    for (int k : config.topKs()) {
      ObjectNode r = recency.addObject().put("k", k).put("em", round(recencyEm(k)));
      byLength(r, Method.recency(k));
      ObjectNode n = random.addObject().put("k", k).put("em", round(randomEm(k)));
      byLength(n, Method.random(k));
    }
    int best = bestLayer();
    ArrayNode lengths = root.putArray("lengths");
    for (int li = 0; li < config.lengths().size(); li++) {
      ObjectNode e = lengths.addObject();
      e.put("length", config.lengths().get(li));
      e.put("samples", tally.samples(li));
      e.put("full_em", round(fullEm(li)));
      ObjectNode g = e.putObject("gemfilter");
      g.put("layer", best);
      g.put("k", headlineK());
      g.put("em", round(gemFilterEm(best, headlineK(), Granularity.TOKEN, li)));
      if (timings.measured()) {
        int ki = config.topKs().indexOf(headlineK());
        e.put("ttft_full_ms", round(timings.fullMillis()[li]));
        if (ki >= 0) {
          g.put("ttft_ms", round(timings.gemFilterMillis()[li][best][ki]));
          g.put("ttft_ratio", round(ttftRatio(li, best, headlineK())));
        }
      }
    }
    ObjectNode heat = root.putObject("heatmap");
    heat.put("gemfilter_layer", best).put("gemfilter_k", headlineK());
    heat.set("full", cells(Method.FULL));
    heat.set("gemfilter", cells(Method.gemFilter(best, headlineK(), Granularity.TOKEN)));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void byLength(ObjectNode node, Method m) {
    ArrayNode a = node.putArray("by_length");
    for (int li = 0; li < config.lengths().size(); li++) {
      a.add(round(tally.em(m, li)));
    }
  }

  /** [depth][length] exact match. */
  private ArrayNode cells(Method m) {
    ArrayNode rows = JSON.createArrayNode();
    for (int d = 0; d < config.depths(); d++) {
      ArrayNode row = rows.addArray();
      for (int li = 0; li < config.lengths().size(); li++) {
        row.add(round(tally.em(m, li, d)));
      }
    }
    return rows;
  }

  /** The Markdown tables: summary, GemFilter by layer, and time to first token by length. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    List<Integer> lengths = config.lengths();
    int last = lengths.size() - 1;
    int best = bestLayer();
    out.append(
        String.format(
            Locale.ROOT,
            "Needle in a haystack: %d held-out prompts, lengths %s, %d depths, seed %d. Exact"
                + " match of the greedy answer.%n%n",
            tally.samples(),
            lengths,
            config.depths(),
            config.seed()));
    out.append("| method | EM |");
    lengths.forEach(n -> out.append(" EM@").append(n).append(" |"));
    out.append(" TTFT speedup @").append(lengths.get(last)).append(" |\n|---|---:|");
    lengths.forEach(n -> out.append("---:|"));
    out.append("---:|\n");
    row(out, Method.FULL, "");
    for (int k : config.topKs()) {
      for (Granularity g : Granularity.values()) {
        row(out, Method.gemFilter(best, k, g), g == Granularity.TOKEN ? ratio(last, best, k) : "");
      }
    }
    for (int k : config.topKs()) {
      row(out, Method.recency(k), "");
    }
    for (int k : config.topKs()) {
      row(out, Method.random(k), "");
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nGemFilter exact match by filter layer (all lengths), and TTFT speedup at %d"
                + " tokens (TOKEN):%n%n| L |",
            lengths.get(last)));
    for (int k : config.topKs()) {
      out.append(" k=").append(k).append(" TOKEN | k=").append(k).append(" SENTENCE |");
    }
    for (int k : config.topKs()) {
      out.append(" speedup k=").append(k).append(" |");
    }
    out.append("\n|---:|");
    out.append("---:|".repeat(config.topKs().size() * 3)).append('\n');
    for (int l = 0; l < layers; l++) {
      out.append("| ").append(l).append(" |");
      for (int k : config.topKs()) {
        for (Granularity g : Granularity.values()) {
          out.append(' ').append(pct(gemFilterEm(l, k, g))).append(" |");
        }
      }
      for (int k : config.topKs()) {
        out.append(' ').append(ratio(last, l, k)).append(" |");
      }
      out.append('\n');
    }
    if (timings.measured() && config.topKs().contains(headlineK())) {
      int ki = config.topKs().indexOf(headlineK());
      out.append(
          String.format(
              Locale.ROOT,
              "%nTime to first token (median of %d prompts per length), GemFilter L=%d k=%d"
                  + " TOKEN:%n%n| length | full ms | GemFilter ms | speedup |%n|---:|---:|---:|---:|%n",
              config.timingPrompts(),
              best,
              headlineK()));
      for (int li = 0; li < lengths.size(); li++) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %d | %.0f | %.0f | %s |%n",
                lengths.get(li),
                timings.fullMillis()[li],
                timings.gemFilterMillis()[li][best][ki],
                ratio(li, best, headlineK())));
      }
    }
    return out.toString();
  }

  private void row(StringBuilder out, Method m, String speedup) {
    out.append("| ").append(m.label()).append(" | ").append(pct(tally.em(m))).append(" |");
    for (int li = 0; li < config.lengths().size(); li++) {
      out.append(' ').append(pct(tally.em(m, li))).append(" |");
    }
    out.append(' ').append(speedup).append(" |\n");
  }

  private String ratio(int lengthIndex, int layer, int k) {
    double r = ttftRatio(lengthIndex, layer, k);
    return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.2fx", r);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 10_000) / 10_000.0;
  }
}
