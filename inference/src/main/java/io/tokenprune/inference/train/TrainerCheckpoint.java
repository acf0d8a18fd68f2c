package io.tokenprune.inference.train;

import ai.djl.ndarray.NDArray;
import io.tokenprune.inference.model.ModelWeights;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resumable snapshot in one F32 safetensors file: the weights under their Hugging Face names,
 * AdamW's moments under {@code adam.m.} and {@code adam.v.} prefixes, and the {@link TrainerState}
 * plus a description of the run's config in the metadata. Written to a temporary file and moved
 * into place, so a crash mid-write leaves the previous checkpoint intact.
 */
final class TrainerCheckpoint {
  private TrainerCheckpoint() {}

  static void save(
      Path file, ModelWeights weights, AdamW adam, TrainerState state, String configText)
      throws IOException {
    List<TensorData> tensors = new ArrayList<>();
    Map<String, NDArray> named = weights.named();
    for (Map.Entry<String, NDArray> e : named.entrySet()) {
      tensors.add(tensor(e.getKey(), e.getValue()));
    }
    List<NDArray> moments = adam.moments();
    List<String> names = new ArrayList<>(named.keySet());
    for (int i = 0; i < names.size(); i++) {
      tensors.add(tensor("adam.m." + names.get(i), moments.get(i)));
      tensors.add(tensor("adam.v." + names.get(i), moments.get(names.size() + i)));
    }
    Map<String, String> meta = new HashMap<>();
    meta.put("stage", Integer.toString(state.stage()));
    meta.put("stageStep", Integer.toString(state.stageStep()));
    meta.put("step", Long.toString(state.step()));
    meta.put("lrScale", Double.toString(state.lrScale()));
    meta.put("skipped", Integer.toString(state.skipped()));
    meta.put("elapsedMillis", Long.toString(state.elapsedMillis()));
    meta.put("adamSteps", Long.toString(adam.steps()));
    meta.put("config", configText);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    SafetensorsWriter.write(tmp, tensors, meta);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Restores weights and moments in place from {@code file} when it exists.
   *
   * @throws IllegalStateException when the checkpoint was written by a run with another config
   */
  static Optional<TrainerState> load(Path file, ModelWeights weights, AdamW adam, String configText)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      Map<String, String> meta = f.metadata();
      if (!configText.equals(meta.get("config"))) {
        throw new IllegalStateException(
            file
                + " was written by a run with another config; use another work folder or delete"
                + " it.\n  checkpoint: "
                + meta.get("config")
                + "\n  this run:   "
                + configText);
      }
      setWeights(f, file, weights);
      List<float[]> m = new ArrayList<>();
      List<float[]> v = new ArrayList<>();
      for (String name : weights.named().keySet()) {
        m.add(f.readFloats("adam.m." + name));
        v.add(f.readFloats("adam.v." + name));
      }
      adam.restore(m, v, Long.parseLong(meta.get("adamSteps")));
      return Optional.of(
          new TrainerState(
              Integer.parseInt(meta.get("stage")),
              Integer.parseInt(meta.get("stageStep")),
              Long.parseLong(meta.get("step")),
              Double.parseDouble(meta.get("lrScale")),
              Integer.parseInt(meta.get("skipped")),
              Long.parseLong(meta.get("elapsedMillis"))));
    }
  }

  /**
   * Sets the weights (not the optimiser's moments, nor the step) from another run's checkpoint of
   * the same model shape: the start of a further training phase with its own curriculum.
   *
   * @throws IllegalArgumentException naming the tensor when a shape differs or one is missing
   */
  static void loadWeights(Path file, ModelWeights weights) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no checkpoint at " + file);
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      setWeights(f, file, weights);
    }
  }

  /** Every weight from {@code f}, checked by name and element count. */
  private static void setWeights(SafetensorsFile f, Path file, ModelWeights weights)
      throws IOException {
    for (Map.Entry<String, NDArray> e : weights.named().entrySet()) {
      float[] values;
      try {
        values = f.readFloats(e.getKey());
      } catch (RuntimeException missing) {
        throw new IllegalArgumentException(
            file + " has no tensor " + e.getKey() + ": " + missing.getMessage(), missing);
      }
      long expected = e.getValue().getShape().size();
      if (values.length != expected) {
        throw new IllegalArgumentException(
            file
                + ": tensor "
                + e.getKey()
                + " has "
                + values.length
                + " values, the model expects "
                + e.getValue().getShape()
                + " ("
                + expected
                + ")");
      }
      e.getValue().set(values);
    }
  }

  private static TensorData tensor(String name, NDArray a) {
    return TensorData.f32(name, a.toFloatArray(), a.getShape().getShape());
  }
}
