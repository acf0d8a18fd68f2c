package io.tokenprune.inference.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.inference.TinyModels;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointWriterTest {
  @TempDir Path dir;

  @Test
  void savedWeightsReloadToTheSameModel() throws Exception {
    Path original = TinyModels.write(TinyModels.qwen2(), dir.resolve("a"));
    Prompt prompt = Prompt.ofTokens(TinyModels.randomIds(8, 1));
    float[] want;
    Path saved = dir.resolve("b");
    try (ModelRuntime rt = ModelRuntime.load(original, RuntimeConfig.cpu())) {
      // an in-place update, as a trainer's optimizer step would do
      rt.model().weights().finalNorm().muli(2);
      want = rt.generator().promptLogits(prompt, Optional.empty());
      CheckpointWriter.save(rt.model().weights(), saved, SafetensorsDtype.F32, true);
    }
    try (ModelRuntime rt = ModelRuntime.load(saved, RuntimeConfig.cpu())) {
      assertThat(rt.config()).isEqualTo(TinyModels.qwen2());
      assertThat(rt.generator().promptLogits(prompt, Optional.empty())).containsExactly(want);
      assertThat(rt.tokenizer().decode(rt.tokenizer().encode("ok"))).isEqualTo("ok");
    }
  }

  @Test
  void valuesDependOnlyOnSeedAndName() {
    var a = TinyCheckpoint.of(TinyModels.llama()).seed(4).tensors();
    var b =
        TinyCheckpoint.of(TinyModels.llama())
            .seed(4)
            .dtype(SafetensorsDtype.BF16)
            .shards(3)
            .tensors();
    var c = TinyCheckpoint.of(TinyModels.llama()).seed(5).tensors();
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).values()).containsExactly(a.get(i).values());
      assertThat(c.get(i).values()).isNotEqualTo(a.get(i).values());
    }
  }
}
