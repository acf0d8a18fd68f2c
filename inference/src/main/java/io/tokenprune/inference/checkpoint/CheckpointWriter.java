package io.tokenprune.inference.checkpoint;

import ai.djl.ndarray.NDArray;
import io.tokenprune.inference.model.ConfigJson;
import io.tokenprune.inference.model.ModelWeights;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves loaded (for instance trained) weights as a model folder that {@link
 * io.tokenprune.inference.runtime.ModelRuntime} and Hugging Face transformers can load: config.json
 * and a single model.safetensors. Copies each tensor through the heap, so it is meant for small
 * models.
 */
public final class CheckpointWriter {
  private CheckpointWriter() {}

  /**
   * @param withTokenizer also write the byte-level tokenizer files (the vocabulary must have at
   *     least {@link ByteLevelTokenizer#VOCAB} ids)
   */
  public static Path save(
      ModelWeights weights, Path dir, SafetensorsDtype dtype, boolean withTokenizer)
      throws IOException {
    Files.createDirectories(dir);
    ConfigJson.write(weights.config(), dir);
    List<TensorData> tensors = new ArrayList<>();
    for (Map.Entry<String, NDArray> e : weights.named().entrySet()) {
      tensors.add(
          new TensorData(
              e.getKey(), e.getValue().getShape().getShape(), e.getValue().toFloatArray(), dtype));
    }
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
    if (withTokenizer) {
      if (weights.config().vocabSize() < ByteLevelTokenizer.VOCAB) {
        throw new IllegalArgumentException(
            "the byte-level tokenizer needs vocab_size >= "
                + ByteLevelTokenizer.VOCAB
                + ", got "
                + weights.config().vocabSize());
      }
      Files.writeString(dir.resolve("tokenizer.json"), ByteLevelTokenizer.tokenizerJson());
      Files.writeString(
          dir.resolve("tokenizer_config.json"),
          ByteLevelTokenizer.tokenizerConfigJson(null, weights.config().maxPositionEmbeddings()));
    }
    return dir;
  }
}
