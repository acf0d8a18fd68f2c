package io.tokenprune.gateway;

import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.ProjectorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny random models for the gateway's tests: a byte-level Llama (hidden 32, 3 layers) with a
 * ChatML template, and the same decoder as a LLaVA-style folder with an mlp2x_gelu projector.
 */
public final class TestModels {
  /** The visual token width the LLaVA-style model's projector takes. */
  public static final int VISUAL_DIM = 16;

  /** ChatML, the family TextTokenizer recognises by its markers. */
  public static final String CHATML =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
          + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
          + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private TestModels() {}

  public static ModelConfig config() {
    return ModelConfig.builder()
        .hiddenSize(32)
        .intermediateSize(48)
        .numLayers(3)
        .numHeads(4)
        .numKvHeads(2)
        .maxPositionEmbeddings(1024)
        .eosTokenIds(List.of(257, 259))
        .build();
  }

  public static Path llama(Path dir) throws IOException {
    return TinyCheckpoint.of(config()).seed(5).chatTemplate(CHATML).write(dir);
  }

  public static Path llava(Path dir) throws IOException {
    return TinyCheckpoint.of(config())
        .seed(5)
        .chatTemplate(CHATML)
        .visionProjector(ProjectorConfig.mlp2xGelu(VISUAL_DIM, config().hiddenSize()))
        .write(dir);
  }
}
