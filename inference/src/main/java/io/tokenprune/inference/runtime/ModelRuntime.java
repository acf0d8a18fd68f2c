package io.tokenprune.inference.runtime;

import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.generate.Generator;
import io.tokenprune.inference.hooks.EarlyLayerFilter;
import io.tokenprune.inference.llama.LayerObserver;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.model.ConfigJson;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ModelFormatException;
import io.tokenprune.inference.model.ModelWeights;
import io.tokenprune.inference.model.WeightLoader;
import io.tokenprune.inference.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A loaded model folder: config, weights on the chosen device, tokenizer when the folder has one,
 * and the two ways to run it ({@link #filter()} for GemFilter selection, {@link #generator()} for
 * answering). One instance serves concurrent requests. Closing it frees the weights.
 *
 * <pre>{@code
 * try (ModelRuntime rt = ModelRuntime.load(dir, RuntimeConfig.cpu())) {
 *   int[] ids = rt.tokenizer().encodeChat(List.of(ChatMessage.user(doc + "\n\n" + q)), true);
 *   float[] scores = rt.filter().scores(ids, layer);
 * }
 * }</pre>
 */
public final class ModelRuntime implements AutoCloseable {
  private final Path dir;
  private final RuntimeConfig runtimeConfig;
  private final LlamaModel model;
  private final Optional<TextTokenizer> tokenizer;
  private final EarlyLayerFilter filter;
  private final Generator generator;

  private ModelRuntime(
      Path dir, RuntimeConfig runtimeConfig, LlamaModel model, Optional<TextTokenizer> tokenizer) {
    this.dir = dir;
    this.runtimeConfig = runtimeConfig;
    this.model = model;
    this.tokenizer = tokenizer;
    this.filter = new EarlyLayerFilter(model, runtimeConfig.prefillChunk());
    this.generator = new Generator(model, runtimeConfig.prefillChunk());
  }

  /**
   * @throws ModelFormatException when the folder lacks config.json, names an unknown architecture,
   *     or its weights miss a tensor or have a wrong shape
   */
  public static ModelRuntime load(Path dir, RuntimeConfig config) throws IOException {
    return load(dir, config, LayerObserver.NONE);
  }

  /** As {@link #load(Path, RuntimeConfig)}, telling an observer about every layer computed. */
  public static ModelRuntime load(Path dir, RuntimeConfig config, LayerObserver observer)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ModelFormatException("model folder " + dir + " does not exist");
    }
    Path configJson = dir.resolve("config.json");
    if (!Files.isRegularFile(configJson)) {
      throw new ModelFormatException("no config.json in " + dir);
    }
    ModelConfig modelConfig = ConfigJson.read(configJson);
    NDManager manager = NDManager.newBaseManager(config.device().resolve(), "PyTorch");
    ModelWeights weights;
    try {
      weights = WeightLoader.load(dir, modelConfig, manager);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
    Optional<TextTokenizer> tokenizer = Optional.empty();
    try {
      if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
        tokenizer = Optional.of(TextTokenizer.load(dir));
      }
    } catch (IOException | RuntimeException e) {
      weights.close();
      throw e;
    }
    return new ModelRuntime(dir, config, new LlamaModel(weights, observer), tokenizer);
  }

  public Path dir() {
    return dir;
  }

  public RuntimeConfig runtimeConfig() {
    return runtimeConfig;
  }

  public ModelConfig config() {
    return model.config();
  }

  /** The decoder, for callers that drive layers themselves (and the trainer). */
  public LlamaModel model() {
    return model;
  }

  /**
   * @throws IllegalStateException when the folder has no tokenizer.json
   */
  public TextTokenizer tokenizer() {
    return tokenizer.orElseThrow(
        () -> new IllegalStateException("model folder " + dir + " has no tokenizer.json"));
  }

  public boolean hasTokenizer() {
    return tokenizer.isPresent();
  }

  public EarlyLayerFilter filter() {
    return filter;
  }

  public Generator generator() {
    return generator;
  }

  @Override
  public void close() {
    tokenizer.ifPresent(TextTokenizer::close);
    model.weights().close();
  }
}
