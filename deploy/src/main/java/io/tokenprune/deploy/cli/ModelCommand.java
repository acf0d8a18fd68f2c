package io.tokenprune.deploy.cli;

import io.tokenprune.inference.inspect.InspectionException;
import io.tokenprune.inference.inspect.InspectionInput;
import io.tokenprune.inference.inspect.ModelInspection;
import io.tokenprune.inference.runtime.DeviceChoice;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenprune model logits|scores}: look inside a model folder without a broker. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Inspect a Hugging Face model folder: logits, or GemFilter's raw layer scores.",
    subcommands = {ModelCommand.Logits.class, ModelCommand.Scores.class})
final class ModelCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every inspection needs: the model, the input and where to write. */
  static final class Common {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Output .safetensors file.")
    Path out;

    @Option(
        names = "--device",
        defaultValue = "cpu",
        description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
    String device;

    RuntimeConfig runtime() {
      try {
        return RuntimeConfig.cpu().withDevice(DeviceChoice.parse(device));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage(), e);
      }
    }

    InspectionInput parse() throws InspectionException {
      return input.ids != null
          ? InspectionInput.parseIds(input.ids)
          : InspectionInput.text(input.text);
    }
  }

  static final class Input {
    @Option(names = "--ids", paramLabel = "1,2,3", description = "Token ids, comma-separated.")
    String ids;

    @Option(
        names = "--text",
        paramLabel = "TEXT",
        description = "Text, tokenized with the model's tokenizer (with BOS).")
    String text;
  }

  @Command(
      name = "logits",
      mixinStandardHelpOptions = true,
      description = "Write `logits` [T, V] F32: the next-token logits at every position.")
  static final class Logits implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common;

    @Override
    public Integer call() throws IOException {
      try {
        ModelInspection.writeLogits(common.model, common.parse(), common.out, common.runtime());
      } catch (InspectionException e) {
        throw new UserInputException(e.getMessage(), e);
      }
      spec.commandLine().getOut().println("wrote logits to " + common.out);
      return 0;
    }
  }

  @Command(
      name = "scores",
      mixinStandardHelpOptions = true,
      description = {
        "Write `scores` [T] F32: GemFilter's raw scores at --layer (the last token's post-RoPE",
        "query against every key, summed over heads; no softmax, no scale, before pooling)."
      })
  static final class Scores implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Common common;

    @Option(names = "--layer", required = true, paramLabel = "L", description = "Filter layer.")
    int layer;

    @Override
    public Integer call() throws IOException {
      try {
        ModelInspection.writeScores(
            common.model, layer, common.parse(), common.out, common.runtime());
      } catch (InspectionException e) {
        throw new UserInputException(e.getMessage(), e);
      }
      spec.commandLine().getOut().println("wrote scores at layer " + layer + " to " + common.out);
      return 0;
    }
  }
}
