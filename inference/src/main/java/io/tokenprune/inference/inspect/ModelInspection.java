package io.tokenprune.inference.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tokenprune.inference.llama.KvCache;
import io.tokenprune.inference.llama.LlamaModel;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ModelFormatException;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code tokenprune model logits} and {@code tokenprune model scores}, as plain functions.
 *
 * <ul>
 *   <li>{@link #writeLogits}: {@code logits} [T, V] F32, the model's next-token logits at every
 *       position (positions 0..T-1, chunked prefill).
 *   <li>{@link #writeScores}: {@code scores} [T] F32, raw early-layer filter scores at layer L,
 *       before any pooling.
 * </ul>
 *
 * Both throw {@link InspectionException} for bad input (exit 2) and IOException when the output
 * cannot be written.
 */
public final class ModelInspection {
  private ModelInspection() {}

  public static void writeLogits(
      Path modelDir, InspectionInput input, Path out, RuntimeConfig config)
      throws InspectionException, IOException {
    try (ModelRuntime rt = open(modelDir, config)) {
      int[] ids = resolve(rt, input);
      float[] logits = logits(rt.model(), ids, config.prefillChunk());
      SafetensorsWriter.write(
          out,
          List.of(TensorData.f32("logits", logits, ids.length, rt.config().vocabSize())),
          Map.of("model", modelDir.toString()));
    }
  }

  public static void writeScores(
      Path modelDir, int layer, InspectionInput input, Path out, RuntimeConfig config)
      throws InspectionException, IOException {
    try (ModelRuntime rt = open(modelDir, config)) {
      if (layer < 0 || layer >= rt.config().numLayers()) {
        throw new InspectionException(
            "--layer " + layer + " is outside [0, " + rt.config().numLayers() + ")");
      }
      int[] ids = resolve(rt, input);
      float[] scores = rt.filter().scores(ids, layer);
      SafetensorsWriter.write(
          out,
          List.of(TensorData.f32("scores", scores, ids.length)),
          Map.of("model", modelDir.toString(), "layer", Integer.toString(layer)));
    }
  }

  /** [T * V] logits at every position, computed chunk by chunk. */
  static float[] logits(LlamaModel model, int[] ids, int chunk) {
    int[] positions = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      positions[i] = i;
    }
    try (NDManager request = model.newRequestManager()) {
      KvCache cache = new KvCache(model.config().numLayers(), request);
      cache.reserve(ids.length);
      NDArray x = model.embed(request, ids);
      NDArray hidden =
          model.runLayers(x, positions, 0, model.config().numLayers(), cache, chunk, -1).hidden();
      return model.logits(hidden).toFloatArray();
    }
  }

  private static ModelRuntime open(Path modelDir, RuntimeConfig config) throws InspectionException {
    try {
      return ModelRuntime.load(modelDir, config);
    } catch (ModelFormatException | IOException e) {
      // an unreadable or malformed folder is bad input, not an I/O failure of the command
      throw new InspectionException("bad model folder " + modelDir + ": " + e.getMessage(), e);
    }
  }

  private static int[] resolve(ModelRuntime rt, InspectionInput input) throws InspectionException {
    int[] ids;
    if (input.tokenIds().isPresent()) {
      ids = input.tokenIds().get();
    } else {
      if (!rt.hasTokenizer()) {
        throw new InspectionException("--text needs a tokenizer.json in " + rt.dir());
      }
      ids = rt.tokenizer().encode(input.text().orElseThrow());
    }
    ModelConfig c = rt.config();
    if (ids.length == 0) {
      throw new InspectionException("no tokens to run");
    }
    if (ids.length > c.maxPositionEmbeddings()) {
      throw new InspectionException(
          ids.length + " tokens exceed max_position_embeddings " + c.maxPositionEmbeddings());
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= c.vocabSize()) {
        throw new InspectionException(
            "token id " + ids[i] + " at index " + i + " is outside [0, " + c.vocabSize() + ")");
      }
    }
    return ids;
  }
}
