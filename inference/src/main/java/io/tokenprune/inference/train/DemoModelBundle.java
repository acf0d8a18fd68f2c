package io.tokenprune.inference.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.inference.checkpoint.ByteLevelTokenizer;
import io.tokenprune.inference.checkpoint.CheckpointWriter;
import io.tokenprune.inference.model.ModelWeights;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shipped model folder, in Hugging Face layout so the runtime (and transformers) load it like
 * any other: config.json, model.safetensors in F16 (the model is small enough that F16 rounding
 * does not change its answers; the eval measures the shipped file), tokenizer.json,
 * tokenizer_config.json, and training.json (the run's config, steps, wall time and every held-out
 * result from the training log).
 */
public final class DemoModelBundle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoModelBundle() {}

  static Path write(
      ModelWeights weights,
      Path tokenizerDir,
      Path dir,
      String configText,
      long steps,
      long elapsedMillis,
      Path trainLog)
      throws IOException {
    CheckpointWriter.save(weights, dir, SafetensorsDtype.F16, false);
    Files.copy(
        tokenizerDir.resolve("tokenizer.json"),
        dir.resolve("tokenizer.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        ByteLevelTokenizer.tokenizerConfigJson(null, weights.config().maxPositionEmbeddings()));
    ObjectNode summary = JSON.createObjectNode();
    summary.put("config", configText);
    summary.put("steps", steps);
    summary.put("wallSeconds", elapsedMillis / 1000);
    ArrayNode evals = summary.putArray("evals");
    if (Files.isRegularFile(trainLog)) {
      for (String line : Files.readAllLines(trainLog)) {
        JsonNode event = JSON.readTree(line);
        if (event.path("event").asText().equals("eval")
            || event.path("event").asText().equals("skip")) {
          evals.add(event);
        }
      }
    }
    Files.writeString(
        dir.resolve("training.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    return dir;
  }
}
