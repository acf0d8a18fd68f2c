package io.tokenprune.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.inference.model.ModelFormatException;
import io.tokenprune.inference.runtime.DeviceChoice;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.doc.DocumentChunker;
import io.tokenprune.ingest.doc.DocumentReader;
import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.PromptTemplate;
import io.tokenprune.reducer.docs.select.Selection;
import io.tokenprune.reducer.docs.select.SelectionSpec;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.Granularity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenprune select}: GemFilter selection of one document for one question, with no broker.
 * The document is read and chunked as {@code ingest doc} would send it, and selected by the same
 * code as the reducer's document path, so the ids match what the reducer would answer.
 */
@Command(
    name = "select",
    mixinStandardHelpOptions = true,
    description = {
      "Select the tokens of a document that matter to a question (GemFilter: layer-L scores of",
      "the question's last token, average-pooled, top-k in original order) and print their text.",
      "Runs the reducer's selection code locally; no broker."
    })
public final class SelectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
  Path model;

  @Option(
      names = "--doc",
      required = true,
      paramLabel = "FILE",
      description = "The document: .txt, .md or .pdf.")
  Path doc;

  @Option(names = "--question", required = true, paramLabel = "TEXT", description = "The question.")
  String question;

  @Option(
      names = "--layer",
      paramLabel = "L",
      description = "Filter layer (default: round(0.4 x the model's layers)).")
  Integer layer;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description = "Tokens to keep (default ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  int topK;

  @Option(
      names = "--granularity",
      paramLabel = "G",
      description = "token (default) or sentence.",
      defaultValue = "token")
  String granularity;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write ids, positions, text, lengths and timings as JSON.")
  Path json;

  @Option(
      names = "--device",
      paramLabel = "D",
      description = "cpu (default), gpu or auto.",
      defaultValue = "cpu")
  String device;

  @Override
  public Integer call() throws IOException {
    if (question.isBlank()) {
      throw new UserInputException("--question must not be empty");
    }
    Granularity g = parseGranularity(granularity);
    String text;
    try {
      text = DocumentReader.read(doc);
    } catch (IngestException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    List<String> chunks = DocumentChunker.split(text, DocumentChunker.DEFAULT_MAX_BYTES);
    long t0 = System.nanoTime();
    RuntimeConfig runtimeConfig;
    try {
      runtimeConfig = RuntimeConfig.cpu().withDevice(DeviceChoice.parse(device));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--device: " + e.getMessage(), e);
    }
    try (ModelRuntime rt = load(runtimeConfig);
        DocumentSelector selector = DocumentSelector.create(rt, PromptTemplate.defaults(), 0)) {
      long loadNanos = System.nanoTime() - t0;
      Selection sel;
      try {
        int l = selector.layer(layer == null ? OptionalInt.empty() : OptionalInt.of(layer));
        SelectionSpec s = new SelectionSpec(l, topK, EffectivePolicy.DEFAULTS.poolKernel(), g);
        sel = selector.select(chunks, question, s);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(sel.text());
      out.flush();
      spec.commandLine()
          .getErr()
          .printf(
              Locale.ROOT,
              "selected %d of %d document tokens (prompt %d, layer %d, %s) in %.1f ms%n",
              sel.tokenIds().length,
              sel.documentLength(),
              sel.originalLength(),
              sel.filterLayer(),
              g.name().toLowerCase(Locale.ROOT),
              sel.timings().total() / 1e6);
      if (json != null) {
        writeJson(sel, g, loadNanos);
      }
    }
    return 0;
  }

  private ModelRuntime load(RuntimeConfig config) throws IOException {
    try {
      return ModelRuntime.load(model, config);
    } catch (ModelFormatException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private static Granularity parseGranularity(String g) {
    try {
      return Granularity.valueOf(g.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--granularity must be token or sentence, got '" + g + "'");
    }
  }

  private void writeJson(Selection sel, Granularity g, long loadNanos) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("model", model.toString());
    root.put("document", doc.toString());
    root.put("question", question);
    root.put("filterLayer", sel.filterLayer());
    root.put("topK", topK);
    root.put("granularity", g.name());
    root.put("originalLength", sel.originalLength());
    root.put("documentStart", sel.documentStart());
    root.put("documentLength", sel.documentLength());
    root.put("selectedCount", sel.tokenIds().length);
    var ids = root.putArray("selectedIds");
    for (int id : sel.tokenIds()) {
      ids.add(id);
    }
    var positions = root.putArray("positions");
    for (int p : sel.positions()) {
      positions.add(p);
    }
    root.put("text", sel.text());
    ObjectNode timings = root.putObject("timingsMs");
    timings.put("loadModel", loadNanos / 1e6);
    timings.put("tokenize", sel.timings().tokenize() / 1e6);
    timings.put("score", sel.timings().score() / 1e6);
    timings.put("select", sel.timings().select() / 1e6);
    timings.put("total", sel.timings().total() / 1e6);
    mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
  }
}
