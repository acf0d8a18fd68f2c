package io.tokenprune.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a model, float32, owned by one NDManager on the model's device. Request code
 * never calls ops on these arrays directly (the result would land in this long-lived manager); it
 * calls ops on its activations with the parameters as arguments.
 *
 * <p>The arrays are ordinary owned tensors (never views of a file mapping), so a trainer may attach
 * gradients and update them in place.
 */
public final class ModelWeights implements AutoCloseable {
  private final ModelConfig config;
  private final NDManager manager;
  private final NDArray embed; // [V, D]
  private final NDArray finalNorm; // [D]
  private final NDArray lmHead; // [V, D], the same array as embed when tied
  private final List<LayerWeights> layers;

  private ModelWeights(
      ModelConfig config,
      NDManager manager,
      NDArray embed,
      NDArray finalNorm,
      NDArray lmHead,
      List<LayerWeights> layers) {
    this.config = config;
    this.manager = manager;
    this.embed = embed;
    this.finalNorm = finalNorm;
    this.lmHead = lmHead;
    this.layers = layers;
  }

  /**
   * Assembles weights from arrays keyed by Hugging Face name, checking every {@link TensorSpec} is
   * present with its shape. The manager becomes the weights' owner and is closed by {@link #close}.
   *
   * @throws ModelFormatException naming the first missing or mis-shaped tensor
   */
  public static ModelWeights of(ModelConfig config, Map<String, NDArray> named, NDManager manager) {
    for (TensorSpec spec : TensorSpec.all(config)) {
      NDArray a = named.get(spec.name());
      if (a == null) {
        throw ModelFormatException.missingTensor(spec.name(), spec.shape(), "the weights");
      }
      if (!java.util.Arrays.equals(a.getShape().getShape(), spec.shape())) {
        throw ModelFormatException.shapeMismatch(
            spec.name(), spec.shape(), a.getShape().getShape(), "the weights");
      }
    }
    List<LayerWeights> layers = new ArrayList<>();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      Map<LayerTensor, NDArray> byKind = new EnumMap<>(LayerTensor.class);
      for (LayerTensor t : LayerTensor.values()) {
        if (t.presentIn(config)) {
          byKind.put(t, named.get(t.name(layer)));
        }
      }
      layers.add(LayerWeights.of(byKind));
    }
    NDArray embed = named.get(TensorSpec.EMBED);
    NDArray head = config.tieWordEmbeddings() ? embed : named.get(TensorSpec.LM_HEAD);
    return new ModelWeights(
        config,
        manager,
        embed,
        named.get(TensorSpec.FINAL_NORM),
        head,
        Collections.unmodifiableList(layers));
  }

  public ModelConfig config() {
    return config;
  }

  /** The manager that owns the weights; request managers are its sub-managers. */
  public NDManager manager() {
    return manager;
  }

  public NDArray embed() {
    return embed;
  }

  public NDArray finalNorm() {
    return finalNorm;
  }

  public NDArray lmHead() {
    return lmHead;
  }

  public LayerWeights layer(int index) {
    return layers.get(index);
  }

  /** Every tensor by Hugging Face name, in checkpoint order (lm_head omitted when tied). */
  public Map<String, NDArray> named() {
    Map<String, NDArray> m = new LinkedHashMap<>();
    m.put(TensorSpec.EMBED, embed);
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<LayerTensor, NDArray> e : layers.get(i).byKind().entrySet()) {
        m.put(e.getKey().name(i), e.getValue());
      }
    }
    m.put(TensorSpec.FINAL_NORM, finalNorm);
    if (!config.tieWordEmbeddings()) {
      m.put(TensorSpec.LM_HEAD, lmHead);
    }
    return m;
  }

  /** The distinct trainable arrays, e.g. to attach gradients. */
  public NDList parameters() {
    return new NDList(named().values());
  }

  @Override
  public void close() {
    manager.close();
  }
}
