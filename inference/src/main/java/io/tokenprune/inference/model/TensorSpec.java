package io.tokenprune.inference.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor a checkpoint must hold: its Hugging Face name and its shape under a config. {@link
 * #all(ModelConfig)} is the single list shared by the loader, the checkpoint writers and the tests.
 */
public record TensorSpec(String name, long[] shape) {
  public static final String EMBED = "model.embed_tokens.weight";
  public static final String FINAL_NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";

  public TensorSpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long elements() {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  /** Every tensor of the model, in checkpoint order; lm_head is absent when embeddings are tied. */
  public static List<TensorSpec> all(ModelConfig c) {
    List<TensorSpec> specs = new ArrayList<>();
    specs.add(new TensorSpec(EMBED, new long[] {c.vocabSize(), c.hiddenSize()}));
    for (int layer = 0; layer < c.numLayers(); layer++) {
      for (LayerTensor t : LayerTensor.values()) {
        if (t.presentIn(c)) {
          specs.add(new TensorSpec(t.name(layer), t.shape(c)));
        }
      }
    }
    specs.add(new TensorSpec(FINAL_NORM, new long[] {c.hiddenSize()}));
    if (!c.tieWordEmbeddings()) {
      specs.add(new TensorSpec(LM_HEAD, new long[] {c.vocabSize(), c.hiddenSize()}));
    }
    return specs;
  }
}
