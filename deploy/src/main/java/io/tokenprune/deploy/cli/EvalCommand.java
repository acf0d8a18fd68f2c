package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.eval.NeedleEval;
import io.tokenprune.deploy.eval.NeedleEvalConfig;
import io.tokenprune.deploy.eval.NeedleHeatmap;
import io.tokenprune.deploy.eval.NeedleReport;
import io.tokenprune.deploy.serve.BundledModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenprune eval needle}: the needle-in-a-haystack table of a model. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a model.",
    subcommands = {EvalCommand.Needle.class})
public final class EvalCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "needle",
      mixinStandardHelpOptions = true,
      description = {
        "Needle in a haystack: held-out retrieval prompts over context lengths and depths,",
        "answered from the full context, from GemFilter selections (every filter layer, top-k",
        "64/128/256, TOKEN and SENTENCE), a recency window and random tokens; exact match, time",
        "to first token of GemFilter against the full context, JSON, Markdown table, heatmap."
      })
  static final class Needle implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description = "Model folder (default: the bundled models/" + BundledModel.NAME + ").")
    Path model;

    @Option(
        names = "--samples",
        paramLabel = "N",
        description = "Prompts in all, spread over lengths x depths (default ${DEFAULT-VALUE}).",
        defaultValue = "200")
    int samples;

    @Option(
        names = "--lengths",
        split = ",",
        paramLabel = "N,N",
        description = "Prompt lengths in tokens (default 1024,2048,3072,4096).")
    List<Integer> lengths;

    @Option(
        names = "--top-k",
        split = ",",
        paramLabel = "K,K",
        description = "Token budgets (default 64,128,256).")
    List<Integer> topKs;

    @Option(
        names = "--depths",
        paramLabel = "N",
        description = "Depths per length, 0%% to 100%% (default ${DEFAULT-VALUE}).",
        defaultValue = "10")
    int depths;

    @Option(
        names = "--timing-prompts",
        paramLabel = "N",
        description =
            "Prompts per length timed for TTFT; 0 skips timing (default ${DEFAULT-VALUE}).",
        defaultValue = "3")
    int timingPrompts;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here.")
    Path json;

    @Option(names = "--png", paramLabel = "FILE", description = "Write the heatmap here.")
    Path png;

    @Option(
        names = "--markdown",
        paramLabel = "FILE",
        description = "Write the Markdown tables here (they are printed either way).")
    Path markdown;

    @Override
    public Integer call() throws IOException {
      Path dir = model != null ? model : BundledModel.dir();
      if (!BundledModel.present(dir)) {
        throw new UserInputException(
            "no model at "
                + dir
                + " (config.json and tokenizer.json); pass --model, or train one with"
                + " tokenprune train-demo-model");
      }
      NeedleEvalConfig config;
      try {
        NeedleEvalConfig d = NeedleEvalConfig.defaults(dir, samples);
        config =
            new NeedleEvalConfig(
                dir,
                lengths == null ? d.lengths() : lengths,
                depths,
                samples,
                topKs == null ? d.topKs() : topKs,
                d.seed(),
                timingPrompts);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      err.println("tokenprune eval needle: " + dir + ", " + config.samples() + " prompts");
      err.flush();
      NeedleReport report;
      try {
        report = NeedleEval.run(config, err);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
      String table = report.markdown();
      out.print(table);
      out.flush();
      if (json != null) {
        write(json, report.json());
      }
      if (markdown != null) {
        write(markdown, table);
      }
      if (png != null) {
        NeedleHeatmap.write(report, png);
      }
      return 0;
    }

    private static void write(Path file, String text) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text);
    }
  }
}
