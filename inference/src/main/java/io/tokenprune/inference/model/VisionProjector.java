package io.tokenprune.inference.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A LLaVA-style model folder's vision projector ({@link ProjectorConfig}): maps visual tokens of
 * dim Dv into the decoder's embedding space of dim H, so they can be fed as {@code
 * Prompt.Embeddings}. It loads only what the folder holds; there is no fallback adapter, since an
 * untrained projection would make the decoder answer from noise.
 *
 * <p>Thread-safe: every {@link #project} call computes in its own sub-manager.
 */
public final class VisionProjector implements AutoCloseable {
  private final ProjectorConfig config;
  private final NDManager manager;
  private final List<NDArray> weightsT; // linear i: [in, H], transposed once at load
  private final List<NDArray> biases; // linear i: [H]

  private VisionProjector(
      ProjectorConfig config, NDManager manager, List<NDArray> weightsT, List<NDArray> biases) {
    this.config = config;
    this.manager = manager;
    this.weightsT = weightsT;
    this.biases = biases;
  }

  /**
   * Loads the projector of a model folder.
   *
   * @param decoder the folder's decoder config (its hidden size is the output dim)
   * @return empty when config.json has no {@code mm_hidden_size}
   * @throws ModelFormatException naming a missing or mis-shaped projector tensor or a bad type
   */
  public static Optional<VisionProjector> load(Path dir, ModelConfig decoder, Device device)
      throws IOException {
    Path configJson = dir.resolve("config.json");
    if (!Files.isRegularFile(configJson)) {
      throw new ModelFormatException("no config.json in " + dir);
    }
    Optional<ProjectorConfig> config = ProjectorConfig.read(configJson, decoder);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    ProjectorConfig pc = config.get();
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    List<NDArray> arrays = new ArrayList<>();
    ByteBuffer scratch =
        ByteBuffer.allocateDirect(WeightLoader.CHUNK * Float.BYTES).order(ByteOrder.nativeOrder());
    try (CheckpointFolder folder = CheckpointFolder.open(dir)) {
      for (TensorSpec spec : pc.tensors()) {
        arrays.add(WeightLoader.read(folder, spec, manager, scratch));
      }
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
    List<NDArray> w = new ArrayList<>();
    List<NDArray> b = new ArrayList<>();
    for (int i = 0; i < arrays.size(); i += 2) {
      NDArray weight = arrays.get(i); // [H, in]
      NDArray view = weight.transpose();
      NDArray transposed = view.duplicate(); // contiguous [in, H]
      view.close();
      weight.close();
      w.add(transposed);
      b.add(arrays.get(i + 1));
    }
    return Optional.of(new VisionProjector(pc, manager, List.copyOf(w), List.copyOf(b)));
  }

  public ProjectorConfig config() {
    return config;
  }

  /** Dv: the width of the visual tokens this projector takes. */
  public int inputDim() {
    return config.inputDim();
  }

  /** H: the decoder's hidden size. */
  public int outputDim() {
    return config.outputDim();
  }

  /**
   * @param rows [count, Dv] row-major visual tokens
   * @return [count, H] row-major embeddings
   */
  public float[] project(float[] rows, int count) {
    if (count < 1 || rows.length != (long) count * config.inputDim()) {
      throw new IllegalArgumentException(
          "projector input needs count x mm_hidden_size = "
              + count
              + " x "
              + config.inputDim()
              + " values, got "
              + rows.length);
    }
    if (config.depth() == 0) {
      return rows.clone();
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(rows, new Shape(count, config.inputDim()));
      for (int i = 0; i < config.depth(); i++) {
        if (i > 0) {
          x = Activation.gelu(x);
        }
        // ops on the activation, weights as arguments: results stay in this call's scope
        x = x.matMul(weightsT.get(i)).add(biases.get(i));
      }
      return x.toFloatArray();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
