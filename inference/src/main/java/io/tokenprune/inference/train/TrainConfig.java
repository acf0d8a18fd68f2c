package io.tokenprune.inference.train;

import io.tokenprune.inference.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run depends on. Two runs with equal configs (on the same machine and thread
 * count) compute the same weights; a resumed run continues the same trajectory.
 *
 * @param model the architecture; its vocabulary size is the tokenizer's
 * @param stages the length curriculum, in order
 * @param optimiser learning rate schedule and AdamW settings
 * @param objective the loss terms and their weights
 * @param evalSamples held-out sequences per evaluation
 * @param advanceAt held-out exact match that ends a stage early (after its minSteps)
 * @param workDir tokenizer, checkpoints and the training log; keep it outside build folders
 * @param checkpointSeconds wall time between checkpoints
 */
public record TrainConfig(
    long seed,
    ModelConfig model,
    List<Stage> stages,
    Optimiser optimiser,
    Objective objective,
    int evalSamples,
    double advanceAt,
    Path workDir,
    int checkpointSeconds) {

  /**
   * @param peakLr highest learning rate (a prototype diverged at 2e-3 and once at 1e-3; 7e-4 held)
   * @param floorRatio final rate over peak
   * @param warmup linear warmup steps
   * @param clipNorm global gradient norm cap
   */
  public record Optimiser(
      double peakLr,
      double floorRatio,
      int warmup,
      double weightDecay,
      double beta1,
      double beta2,
      double clipNorm) {
    public Optimiser {
      new LearningRate(peakLr, floorRatio, warmup, warmup + 1); // validates
      if (!(clipNorm > 0)) {
        throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
      }
    }
  }

  /**
   * The loss: next-token cross-entropy on every token, plus extra weight on answer tokens, plus
   * answering from compacted views, plus the filter term at each filter layer.
   *
   * @param answerWeight weight of the mean loss over answer tokens (and their EOS)
   * @param viewsPerStep compacted views per step (0 for none)
   * @param viewWeight weight of the mean answer loss over the views
   * @param filterLayers layers whose last-query scores are trained to point at the asked fact
   * @param filterWeight weight of each filter layer's term
   * @param filterFromStage the first curriculum stage (0-based) with the filter term: shaping the
   *     early layers before the model has learned to copy at all slowed that learning down, so the
   *     filter is taught once retrieval works
   * @param copyLayer the layer whose scores are taught to point each value token of a reply at the
   *     same token in the document (0 for none)
   * @param copyWeight weight of the copy term
   * @param maxQuestions at most this many questions (each with its answer) after a training
   *     document; more questions give a long sequence more answer tokens for the same cost
   * @param viewOtherFacts how often a compacted view keeps each fact other than the asked one, in
   *     [0, 1] (tenths): real selections keep most look-alikes, so higher makes views harder
   * @param viewSelected the share of compacted views, in [0, 1] (tenths), that are the model's own
   *     GemFilter selection of the document (a filter layer's pooled top 64, 128 or 256, TOKEN or
   *     SENTENCE, as the runtime selects) instead of a simulated one; 0 draws exactly as before
   */
  public record Objective(
      double answerWeight,
      int viewsPerStep,
      double viewWeight,
      List<Integer> filterLayers,
      double filterWeight,
      int filterFromStage,
      int copyLayer,
      double copyWeight,
      int maxQuestions,
      double viewOtherFacts,
      double viewSelected) {
    public Objective {
      if (!(viewSelected >= 0 && viewSelected <= 1)) {
        throw new IllegalArgumentException("viewSelected must be in [0, 1], got " + viewSelected);
      }
      if (!(viewOtherFacts >= 0 && viewOtherFacts <= 1)) {
        throw new IllegalArgumentException(
            "viewOtherFacts must be in [0, 1], got " + viewOtherFacts);
      }
      if (maxQuestions < 1) {
        throw new IllegalArgumentException("maxQuestions must be >= 1, got " + maxQuestions);
      }
      if (copyLayer < 0 || copyWeight < 0) {
        throw new IllegalArgumentException(
            "copyLayer and copyWeight must be >= 0, got " + copyLayer + ", " + copyWeight);
      }
      if (filterFromStage < 0) {
        throw new IllegalArgumentException("filterFromStage must be >= 0, got " + filterFromStage);
      }
      if (answerWeight < 0 || viewWeight < 0 || filterWeight < 0 || viewsPerStep < 0) {
        throw new IllegalArgumentException(
            "loss weights and viewsPerStep must be >= 0, got answer "
                + answerWeight
                + ", views "
                + viewsPerStep
                + " x "
                + viewWeight
                + ", filter "
                + filterWeight);
      }
      filterLayers = List.copyOf(filterLayers);
    }
  }

  public TrainConfig {
    if (model == null || stages == null || optimiser == null || objective == null) {
      throw new IllegalArgumentException("model, stages, optimiser and objective are required");
    }
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("the curriculum needs at least one stage");
    }
    for (Stage s : stages) {
      if (s.length() > model.maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            "stage length "
                + s.length()
                + " exceeds max_position_embeddings "
                + model.maxPositionEmbeddings());
      }
    }
    if (objective.copyLayer() >= model.numLayers()) {
      throw new IllegalArgumentException(
          "copy layer " + objective.copyLayer() + " must be below " + model.numLayers());
    }
    for (int layer : objective.filterLayers()) {
      if (layer < 1 || layer >= model.numLayers()) {
        throw new IllegalArgumentException(
            "filter layer " + layer + " must be in [1, " + model.numLayers() + ")");
      }
    }
    int planned = stages.stream().mapToInt(Stage::maxSteps).sum();
    if (planned <= optimiser.warmup()) {
      throw new IllegalArgumentException(
          "the stages plan "
              + planned
              + " steps, not more than the "
              + optimiser.warmup()
              + " warmup steps");
    }
    if (evalSamples < 1) {
      throw new IllegalArgumentException("evalSamples must be >= 1, got " + evalSamples);
    }
    if (!(advanceAt > 0 && advanceAt <= 1)) {
      throw new IllegalArgumentException("advanceAt must be in (0, 1], got " + advanceAt);
    }
    if (workDir == null) {
      throw new IllegalArgumentException("workDir is required");
    }
    if (checkpointSeconds < 1) {
      throw new IllegalArgumentException(
          "checkpointSeconds must be >= 1, got " + checkpointSeconds);
    }
  }

  /** Steps the curriculum plans in all (the learning-rate horizon). */
  public int plannedSteps() {
    return stages.stream().mapToInt(Stage::maxSteps).sum();
  }

  /** The planned step at which stage {@code index} starts. */
  public int plannedStart(int index) {
    return stages.subList(0, index).stream().mapToInt(Stage::maxSteps).sum();
  }

  public LearningRate learningRate() {
    return new LearningRate(
        optimiser.peakLr(), optimiser.floorRatio(), optimiser.warmup(), plannedSteps());
  }

  /**
   * The bundled model's first phase (run with {@code --until-step 2700}; the second phase continues
   * from its checkpoint with {@code --init-from}): see MODEL_CARD.md for both commands and why each
   * number is what it is.
   */
  public static TrainConfig defaults(Path workDir) {
    ModelConfig model =
        ModelConfig.builder()
            .vocabSize(300)
            .hiddenSize(128)
            .intermediateSize(384)
            .numLayers(6)
            .numHeads(4)
            .numKvHeads(2)
            .ropeTheta(10_000)
            .maxPositionEmbeddings(8192)
            .tieWordEmbeddings(true)
            .bosTokenId(256)
            .eosTokenIds(List.of(257))
            .build();
    return new TrainConfig(
        7,
        model,
        List.of(
            Stage.parse("192x8:400-1800@100"),
            Stage.parse("384x8:150-600@100"),
            Stage.parse("768x4:80-300@50"),
            Stage.parse("1536x2:60-200@25"),
            Stage.parse("4096x1:40-120@20")),
        new Optimiser(7e-4, 0.1, 100, 0.01, 0.9, 0.95, 1.0),
        new Objective(
            1.0,
            4,
            1.0,
            List.of(1, 2),
            0.5,
            1,
            3,
            1.0,
            RetrievalCorpus.DEFAULT_MAX_QUESTIONS,
            CompactedView.DEFAULT_OTHER_FACTS,
            0),
        32,
        0.9,
        workDir,
        300);
  }
}
