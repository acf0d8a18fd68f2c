package io.tokenprune.inference.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.inference.hooks.EarlyLayerFilter;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.model.ModelWeights;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Trains the demo retrieval model. Resumes from {@code workDir/checkpoint.safetensors} when one
 * exists; checkpoints every {@code checkpointSeconds}, at each stage change and at the end; appends
 * events to {@code workDir/train-log.jsonl}. Step s draws its data from a generator seeded by
 * (seed, s), so a resumed run sees the same data as an uninterrupted one.
 *
 * <pre>{@code
 * try (DemoModelTrainer t = DemoModelTrainer.open(TrainConfig.defaults(work), System.err, false)) {
 *   t.train();
 *   t.exportBundle(Path.of("models/needle-llama-v1"));
 * }
 * }</pre>
 */
public final class DemoModelTrainer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainConfig config;
  private final NDManager manager;
  private final ModelWeights weights;
  private final LlamaModel model;
  private final AdamW adam;
  private final CorpusTokenizer tokenizer;
  private final RetrievalCorpus corpus;
  private final ProgressLine progress;
  private final String configText;
  private final Optional<ViewSelector> viewSelector;
  private final EarlyLayerFilter filter;
  private long selectedViews; // views from the model's own selection, this session
  private long lostViews; // selections that lost the asked fact (a simulated view stood in)
  private TrainerState state;
  private long sessionStart = System.nanoTime(); // wall time since state.elapsedMillis()

  private DemoModelTrainer(
      TrainConfig config,
      NDManager manager,
      ModelWeights weights,
      CorpusTokenizer tokenizer,
      ProgressLine progress,
      Optional<ViewSelector> viewSelector) {
    this.config = config;
    this.viewSelector = viewSelector;
    this.manager = manager;
    this.weights = weights;
    this.model = new LlamaModel(weights);
    this.adam =
        new AdamW(
            weights.parameters(),
            manager,
            config.optimiser().beta1(),
            config.optimiser().beta2(),
            config.optimiser().weightDecay());
    this.tokenizer = tokenizer;
    this.corpus = new RetrievalCorpus(tokenizer, WordLists.bundled());
    this.progress = progress;
    this.configText = describe(config);
    this.state = TrainerState.start();
    this.filter = new EarlyLayerFilter(model, 512);
  }

  /**
   * Prepares a run: learns (or reloads) the tokenizer in the work folder, initialises the weights
   * from the seed, and restores the checkpoint when there is one.
   *
   * @param interactive redraw the progress line in place (a terminal) rather than print lines
   */
  public static DemoModelTrainer open(TrainConfig config, PrintStream out, boolean interactive)
      throws IOException {
    return open(config, out, interactive, Optional.empty());
  }

  /**
   * As {@link #open(TrainConfig, PrintStream, boolean)}, but a run with no checkpoint of its own
   * starts from the weights of {@code initFrom} (another run's checkpoint.safetensors, same model
   * shape) instead of the seeded initialisation: a further phase with its own curriculum and
   * learning-rate schedule.
   */
  public static DemoModelTrainer open(
      TrainConfig config, PrintStream out, boolean interactive, Optional<Path> initFrom)
      throws IOException {
    return open(config, out, interactive, initFrom, Optional.empty());
  }

  /**
   * As {@link #open(TrainConfig, PrintStream, boolean, Optional)}, with the runtime's selection for
   * the views the objective draws from the model's own filter ({@code viewSelected}); required when
   * that share is above 0.
   */
  public static DemoModelTrainer open(
      TrainConfig config,
      PrintStream out,
      boolean interactive,
      Optional<Path> initFrom,
      Optional<ViewSelector> viewSelector)
      throws IOException {
    if (config.objective().viewSelected() > 0 && viewSelector.isEmpty()) {
      throw new IllegalArgumentException(
          "the objective draws views from the model's own selection (viewSelected "
              + config.objective().viewSelected()
              + ") but no ViewSelector was given");
    }
    Path tokenizerDir = config.workDir().resolve("tokenizer");
    if (!Files.isRegularFile(tokenizerDir.resolve("tokenizer.json")) && initFrom.isPresent()) {
      // the weights' embedding rows belong to the tokenizer they were trained with: another seed
      // would learn other merges, so a further phase takes the earlier run's tokenizer or none
      Path earlier = initFrom.get().toAbsolutePath().getParent().resolve("tokenizer");
      if (!Files.isRegularFile(earlier.resolve("tokenizer.json"))) {
        throw new IllegalStateException(
            "--init-from "
                + initFrom.get()
                + ": no tokenizer/tokenizer.json beside it (the run's work folder), and its"
                + " weights need the tokenizer they were trained with");
      }
      Files.createDirectories(tokenizerDir);
      try (var files = Files.list(earlier)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, tokenizerDir.resolve(f.getFileName()));
        }
      }
    }
    if (!Files.isRegularFile(tokenizerDir.resolve("tokenizer.json"))) {
      CorpusTokenizerBuilder.write(
          tokenizerDir, WordLists.bundled(), config.model().vocabSize(), config.seed());
    }
    CorpusTokenizer tokenizer = CorpusTokenizer.load(tokenizerDir);
    if (tokenizer.vocabSize() != config.model().vocabSize()) {
      tokenizer.close();
      throw new IllegalStateException(
          tokenizerDir
              + "/tokenizer.json has "
              + tokenizer.vocabSize()
              + " ids but the model's vocab_size is "
              + config.model().vocabSize());
    }
    NDManager manager = NDManager.newBaseManager();
    ModelWeights weights = ParameterInit.create(config.model(), config.seed(), manager);
    DemoModelTrainer trainer =
        new DemoModelTrainer(
            config,
            manager,
            weights,
            tokenizer,
            new ProgressLine(out, interactive, 30),
            viewSelector);
    Optional<TrainerState> resumed =
        TrainerCheckpoint.load(checkpointFile(config), weights, trainer.adam, trainer.configText);
    if (resumed.isPresent()) {
      trainer.state = resumed.get();
      trainer.progress.event(
          "resumed at step "
              + trainer.state.step()
              + " (stage "
              + (trainer.state.stage() + 1)
              + ")");
    } else if (initFrom.isPresent()) {
      TrainerCheckpoint.loadWeights(initFrom.get(), weights);
      trainer.progress.event("weights initialised from " + initFrom.get());
    }
    return trainer;
  }

  /** Runs the curriculum to its end (or from where a checkpoint left it). */
  public TrainerState train() throws IOException {
    return train(Long.MAX_VALUE);
  }

  /**
   * Runs the curriculum until it ends or {@code untilStep} steps have been taken in all, then
   * checkpoints, so a later {@link #open} continues from there.
   */
  public TrainerState train(long untilStep) throws IOException {
    sessionStart = System.nanoTime();
    long lastCheckpoint = sessionStart;
    LearningRate schedule = config.learningRate();
    RetrievalLoss loss = new RetrievalLoss(model, config.objective());
    while (state.stage() < config.stages().size() && state.step() < untilStep) {
      Stage stage = config.stages().get(state.stage());
      int planned = config.plannedStart(state.stage()) + state.stageStep();
      double lr = schedule.at(planned) * state.lrScale();
      long t0 = System.nanoTime();
      SplittableRandom random =
          new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + state.step());
      Stage.Shape shape = stage.shape(state.stageStep());
      List<RetrievalSample> batch = new ArrayList<>();
      for (int i = 0; i < shape.batch(); i++) {
        batch.add(corpus.training(shape.length(), config.objective().maxQuestions(), random));
      }
      List<CompactedView> views = views(batch, random);
      RetrievalLoss.Terms terms;
      float total;
      boolean finite;
      try (NDManager scope = manager.newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        terms =
            loss.compute(
                scope, batch, views, state.stage() >= config.objective().filterFromStage());
        total = terms.total().getFloat();
        finite = Float.isFinite(total);
        if (finite) {
          gc.backward(terms.total());
        }
      }
      // the NaN guard: a non-finite loss or gradient skips the update and halves the rate
      double norm = finite ? adam.step(lr, config.optimiser().clipNorm()) : Double.NaN;
      boolean skipped = !Double.isFinite(norm);
      adam.zeroGradients();
      long elapsed = elapsedMillis();
      state =
          new TrainerState(
              state.stage(),
              state.stageStep() + 1,
              state.step() + 1,
              skipped ? state.lrScale() * 0.5 : state.lrScale(),
              state.skipped() + (skipped ? 1 : 0),
              state.elapsedMillis());
      if (skipped) {
        List<String> names = new ArrayList<>(weights.named().keySet());
        progress.event(
            "  non-finite gradients: "
                + adam.nonFiniteGradients().stream().map(names::get).toList());
        progress.event(
            String.format(
                "step %d skipped: loss %.4g (lm %.4g ans %.4g view %.4g filt %.4g), gradient"
                    + " norm %.4g; learning rate scale now %.3g",
                state.step(),
                total,
                terms.lm(),
                terms.answer(),
                terms.view(),
                terms.filter(),
                norm,
                state.lrScale()));
        log("skip", elapsed, null);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      progress.update(
          (double) (planned + 1) / config.plannedSteps(),
          String.format(
              "stage %d/%d T=%d step %d/%d | loss %.3f ans %.3f view %.3f filt %.3f copy %.3f"
                  + " | lr %.2e | %.2f s/step | %s",
              state.stage() + 1,
              config.stages().size(),
              shape.length(),
              state.stageStep(),
              stage.maxSteps(),
              terms.lm(),
              terms.answer(),
              terms.view(),
              terms.filter(),
              terms.copy(),
              lr,
              seconds,
              clock(elapsed)));
      boolean last = state.stageStep() >= stage.maxSteps();
      if (state.stageStep() % stage.evalEvery() == 0 || last) {
        HeldOutEval eval = evaluate(stage.length());
        progress.event(
            String.format("step %d T=%d %s", state.step(), stage.length(), eval)
                + (selectedViews + lostViews > 0
                    ? String.format(
                        " | own-selection views %d, %d lost the fact", selectedViews, lostViews)
                    : ""));
        log("eval", elapsed, eval);
        boolean passed =
            eval.emFull() >= config.advanceAt() && eval.emView() >= config.advanceAt() - 0.1;
        if (last || (state.stageStep() >= stage.minSteps() && passed)) {
          progress.event(
              "stage "
                  + (state.stage() + 1)
                  + " (T="
                  + stage.length()
                  + ") done after "
                  + state.stageStep()
                  + " steps");
          state =
              new TrainerState(
                  state.stage() + 1,
                  0,
                  state.step(),
                  state.lrScale(),
                  state.skipped(),
                  state.elapsedMillis());
          log("stage", elapsed, null);
          lastCheckpoint = 0; // checkpoint at every stage change
        }
      }
      if (System.nanoTime() - lastCheckpoint >= config.checkpointSeconds() * 1_000_000_000L
          || state.stage() >= config.stages().size()
          || state.step() >= untilStep) {
        checkpoint();
        lastCheckpoint = System.nanoTime();
      }
    }
    return state;
  }

  /** Held-out accuracy at a prompt length (fewer samples at long lengths, where they cost most). */
  public HeldOutEval evaluate(int length) {
    int samples = Math.max(8, (int) (config.evalSamples() * Math.min(1.0, 1024.0 / length)));
    return HeldOutEval.run(
        model,
        corpus,
        length - 8,
        samples,
        config.seed() * 31 + 0x5EED,
        config.objective().filterLayers());
  }

  private void checkpoint() throws IOException {
    long now = System.nanoTime();
    long elapsed = state.elapsedMillis() + (now - sessionStart) / 1_000_000;
    state =
        new TrainerState(
            state.stage(),
            state.stageStep(),
            state.step(),
            state.lrScale(),
            state.skipped(),
            elapsed);
    sessionStart = now;
    TrainerCheckpoint.save(checkpointFile(config), weights, adam, state, configText);
    log("checkpoint", elapsed, null);
  }

  /** Training wall time so far, over all sessions. */
  public long elapsedMillis() {
    return state.elapsedMillis() + (System.nanoTime() - sessionStart) / 1_000_000;
  }

  /** Writes the trained model as a Hugging Face folder: see {@link DemoModelBundle}. */
  public Path exportBundle(Path dir) throws IOException {
    return DemoModelBundle.write(
        weights,
        config.workDir().resolve("tokenizer"),
        dir,
        configText,
        state.step(),
        elapsedMillis(),
        config.workDir().resolve("train-log.jsonl"));
  }

  /** The weights being trained (live: they change with every step). */
  ModelWeights weights() {
    return weights;
  }

  public TrainerState state() {
    return state;
  }

  private void log(String event, long elapsedMillis, HeldOutEval eval) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("event", event);
    line.put("step", state.step());
    line.put("stage", state.stage());
    line.put("stageStep", state.stageStep());
    line.put("lrScale", state.lrScale());
    line.put("elapsedMillis", elapsedMillis);
    if (eval != null) {
      line.put("length", eval.length());
      line.put("samples", eval.samples());
      line.put("emFull", eval.emFull());
      line.put("emView", eval.emView());
      var hits = line.putArray("filterHit");
      for (double h : eval.filterHit()) {
        hits.add(h);
      }
      if (selectedViews + lostViews > 0) {
        // this session's views from the model's own selection, and those that lost the fact
        line.put("ownSelectionViews", selectedViews);
        line.put("lostSelections", lostViews);
      }
    }
    Files.writeString(
        config.workDir().resolve("train-log.jsonl"),
        JSON.writeValueAsString(line) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static Path checkpointFile(TrainConfig config) {
    return config.workDir().resolve("checkpoint.safetensors");
  }

  /**
   * The step's compacted views. Each is simulated ({@link CompactedView#of}) or, for the
   * objective's {@code viewSelected} share, the model's own GemFilter selection at a filter layer,
   * scored here without gradients (the second pass is what is trained). With a share of 0 the
   * random stream is drawn exactly as before the option existed.
   */
  private List<CompactedView> views(List<RetrievalSample> batch, SplittableRandom random) {
    TrainConfig.Objective o = config.objective();
    int selectedTenths = (int) Math.round(o.viewSelected() * 10);
    List<CompactedView> views = new ArrayList<>();
    for (int v = 0; v < o.viewsPerStep(); v++) {
      RetrievalSample s = batch.get(v % batch.size());
      int q = random.nextInt(s.asked().size());
      if (selectedTenths > 0 && random.nextInt(10) < selectedTenths) {
        int layer = o.filterLayers().get(random.nextInt(o.filterLayers().size()));
        int k = 64 << random.nextInt(3);
        boolean sentences = random.nextBoolean();
        float[] scores = filter.scores(s.prompt(q), layer);
        Optional<CompactedView> selected =
            CompactedView.ofSelection(
                s, q, viewSelector.orElseThrow().select(s, tokenizer, scores, k, sentences));
        if (selected.isPresent()) {
          selectedViews++;
          views.add(selected.get());
          continue;
        }
        lostViews++;
      }
      views.add(
          CompactedView.of(
              s, q, 24 + random.nextInt(265), random.nextBoolean(), o.viewOtherFacts(), random));
    }
    return views;
  }

  /** The config as one line: a checkpoint from another config is refused. */
  static String describe(TrainConfig c) {
    return "seed="
        + c.seed()
        + " model="
        + c.model()
        + " stages="
        + c.stages()
        + " optimiser="
        + c.optimiser()
        + " objective="
        + c.objective()
        + " evalSamples="
        + c.evalSamples()
        + " advanceAt="
        + c.advanceAt();
  }

  private static String clock(long millis) {
    long s = millis / 1000;
    return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  @Override
  public void close() {
    adam.close();
    tokenizer.close();
    weights.close();
  }
}
