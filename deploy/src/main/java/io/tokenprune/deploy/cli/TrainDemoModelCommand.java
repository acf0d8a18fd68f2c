package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.eval.FilterViewSelector;
import io.tokenprune.deploy.serve.BundledModel;
import io.tokenprune.inference.train.DemoModelTrainer;
import io.tokenprune.inference.train.Stage;
import io.tokenprune.inference.train.TrainConfig;
import io.tokenprune.inference.train.TrainerState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenprune train-demo-model}: trains the bundled needle-retrieval model (see
 * models/needle-llama-v1/MODEL_CARD.md) and writes it as a Hugging Face folder. Resumes from the
 * work folder's checkpoint when there is one.
 */
@Command(
    name = "train-demo-model",
    mixinStandardHelpOptions = true,
    description = {
      "Train the small long-context retrieval model that ships in models/"
          + BundledModel.NAME
          + ":",
      "a Llama-architecture decoder trained with DJL autograd on a generated corpus (filler",
      "text with pass keys, coded facts and a needle; questions answered by copying), through a",
      "length curriculum up to 4096 tokens, with compacted contexts and a filter-layer objective.",
      "Seeded and resumable: rerun the same command to continue from the last checkpoint."
    })
public final class TrainDemoModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Tokenizer, checkpoint and log folder (default ${DEFAULT-VALUE}).",
      defaultValue = "/tmp/tp-train")
  Path work;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the trained model goes (default: models/" + BundledModel.NAME + ").")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "Seed (default 7).")
  Long seed;

  @Option(
      names = "--stages",
      split = ",",
      paramLabel = "LxB[+LxB]:MIN-MAX@EVAL",
      description = {
        "Curriculum: LENGTHxBATCH:MINSTEPS-MAXSTEPS@EVALEVERY, comma-separated, e.g.",
        "256x16:300-1000@100,512x8:100-400@50 (default: the model card's). A stage of",
        "SHAPE+SHAPE (e.g. 1024x4+4096x1:0-500@100) takes its shapes in turn, step by step, and",
        "evaluates at the longest. Warmup is 100 steps, or a tenth of a shorter plan."
      })
  List<String> stages;

  @Option(
      names = "--until-step",
      paramLabel = "N",
      description = "Stop (with a checkpoint) once N steps are done in all; rerun to continue.")
  Long untilStep;

  @Option(
      names = "--init-from",
      paramLabel = "FILE",
      description = {
        "Start from the weights of another run's checkpoint.safetensors (same model shape)",
        "instead of the seeded initialisation: a further phase with its own --stages and",
        "learning-rate schedule, in its own --work folder."
      })
  Path initFrom;

  @Option(
      names = "--peak-lr",
      paramLabel = "X",
      description = "Peak learning rate after warmup (default 7e-4, the card's).")
  Double peakLr;

  @Option(
      names = "--answer-weight",
      paramLabel = "X",
      description = {
        "Weight of the answer-token loss against the whole-sequence loss (default 1.0). A long",
        "phase raises it: at 4096 tokens most of the sequence loss is unpredictable filler."
      })
  Double answerWeight;

  @Option(
      names = "--filter-from-stage",
      paramLabel = "N",
      description = {
        "First stage (1-based) with the filter-layer term (default 2: a model from scratch learns",
        "to copy first). A further phase from a trained model sets 1."
      })
  Integer filterFromStage;

  @Option(
      names = "--max-questions",
      paramLabel = "N",
      description = {
        "At most N questions after each training document (default 3). A long phase raises it:",
        "a 4096-token step costs the same with 8 answers to learn from as with 2."
      })
  Integer maxQuestions;

  @Option(
      names = "--view-other-facts",
      paramLabel = "P",
      description = {
        "How often a compacted training view keeps each fact other than the asked one, 0 to 1 in",
        "tenths (default 0.3). GemFilter's real selections keep most of them."
      })
  Double viewOtherFacts;

  @Option(
      names = "--view-selected",
      paramLabel = "P",
      description = {
        "Share of compacted training views, 0 to 1 in tenths (default 0), that are the model's",
        "own GemFilter selection (layer 1 or 2, top 64/128/256, TOKEN or SENTENCE) rather than",
        "simulated ones, so the second pass trains on what it will be given."
      })
  Double viewSelected;

  @Option(
      names = "--export-only",
      description = "Write the model folder from the last checkpoint without training.")
  boolean exportOnly;

  @Override
  public Integer call() throws IOException {
    TrainConfig config = config();
    if (initFrom != null && !Files.isRegularFile(initFrom)) {
      throw new UserInputException("--init-from: no checkpoint file at " + initFrom);
    }
    Path target = out != null ? out : BundledModel.dir();
    PrintStream progress = System.err;
    try (DemoModelTrainer trainer =
        DemoModelTrainer.open(
            config,
            progress,
            System.console() != null,
            Optional.ofNullable(initFrom),
            Optional.of(new FilterViewSelector()))) {
      if (!exportOnly) {
        TrainerState s = trainer.train(untilStep == null ? Long.MAX_VALUE : untilStep);
        if (s.stage() < config.stages().size()) {
          progress.printf(
              "stopped at step %d (stage %d of %d); rerun to continue%n",
              s.step(), s.stage() + 1, config.stages().size());
          return 0;
        }
      }
      Path written = trainer.exportBundle(target);
      progress.printf(
          "model written to %s after %d steps, %.1f min of training%n",
          written, trainer.state().step(), trainer.elapsedMillis() / 60_000.0);
    }
    return 0;
  }

  private TrainConfig config() {
    TrainConfig d = TrainConfig.defaults(work);
    try {
      List<Stage> curriculum =
          stages == null ? d.stages() : stages.stream().map(Stage::parse).toList();
      int planned = curriculum.stream().mapToInt(Stage::maxSteps).sum();
      TrainConfig.Optimiser o = d.optimiser();
      // a short custom curriculum keeps a tenth of its steps for warmup
      TrainConfig.Optimiser optimiser =
          new TrainConfig.Optimiser(
              peakLr == null ? o.peakLr() : peakLr,
              o.floorRatio(),
              Math.min(o.warmup(), Math.max(1, planned / 10)),
              o.weightDecay(),
              o.beta1(),
              o.beta2(),
              o.clipNorm());
      TrainConfig.Objective b = d.objective();
      if (filterFromStage != null && filterFromStage < 1) {
        throw new UserInputException("--filter-from-stage must be >= 1, got " + filterFromStage);
      }
      TrainConfig.Objective objective =
          new TrainConfig.Objective(
              answerWeight == null ? b.answerWeight() : answerWeight,
              b.viewsPerStep(),
              b.viewWeight(),
              b.filterLayers(),
              b.filterWeight(),
              filterFromStage == null ? b.filterFromStage() : filterFromStage - 1,
              b.copyLayer(),
              b.copyWeight(),
              maxQuestions == null ? b.maxQuestions() : maxQuestions,
              viewOtherFacts == null ? b.viewOtherFacts() : viewOtherFacts,
              viewSelected == null ? b.viewSelected() : viewSelected);
      return new TrainConfig(
          seed == null ? d.seed() : seed,
          d.model(),
          curriculum,
          optimiser,
          objective,
          d.evalSamples(),
          d.advanceAt(),
          work,
          d.checkpointSeconds());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }
}
