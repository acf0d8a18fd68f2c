package io.tokenprune.reducer.docs.select;

import io.tokenprune.inference.checkpoint.TinyCheckpoint;
import io.tokenprune.inference.model.Architecture;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Random-weight models with the byte-level tokenizer for the document tests: 3 layers, hidden 32, 4
 * query heads over 2 KV heads, 1024 positions. Small prefill chunks (16) so that a document of a
 * few hundred bytes crosses chunk borders.
 */
public final class TinyDocModel {
  /** ChatML, as TinyCheckpoint's tokenizer spells its special tokens. */
  public static final String CHATML =
      "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
          + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

  private TinyDocModel() {}

  public static ModelConfig config(int maxPositions) {
    return ModelConfig.builder()
        .architecture(Architecture.LLAMA)
        .hiddenSize(32)
        .intermediateSize(48)
        .numLayers(3)
        .numHeads(4)
        .numKvHeads(2)
        .maxPositionEmbeddings(maxPositions)
        .build();
  }

  /** Writes a model folder; {@code chatTemplate} may be null for plain prompts. */
  public static Path write(Path dir, String chatTemplate) {
    try {
      return TinyCheckpoint.of(config(1024)).seed(5).chatTemplate(chatTemplate).write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ModelRuntime load(Path dir) {
    try {
      return ModelRuntime.load(dir, RuntimeConfig.cpu().withPrefillChunk(16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
