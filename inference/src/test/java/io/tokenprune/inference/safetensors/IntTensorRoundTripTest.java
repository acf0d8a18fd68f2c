package io.tokenprune.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntTensorRoundTripTest {
  @TempDir Path dir;

  @Test
  void writesI32AfterTheFloatTensorsAndReadsThemBackExactly() throws IOException {
    int[] ints = {0, -1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 24 | 1};
    float[] floats = {1.5f, -2f};
    Path file = dir.resolve("mixed.safetensors");
    SafetensorsWriter.write(
        file,
        List.of(TensorData.f32("x", floats, 2)),
        List.of(IntTensorData.i32("idx", ints, 3, 2), IntTensorData.i32("empty", new int[0], 0, 2)),
        Map.of());
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.tensors().keySet()).containsExactly("x", "idx", "empty");
      assertThat(f.tensor("idx").orElseThrow().dtype()).isEqualTo("I32");
      assertThat(f.tensor("idx").orElseThrow().shape()).containsExactly(3, 2);
      assertThat(f.readInts("idx")).containsExactly(ints);
      assertThat(f.readInts("empty")).isEmpty();
      assertThat(f.readFloats("x")).containsExactly(floats);
      assertThatThrownBy(() -> f.readInts("x"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("tensor x is F32, expected I32");
      assertThatThrownBy(() -> f.readFloats("idx"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsupported safetensors dtype I32");
    }
  }

  @Test
  void rejectsADuplicateNameAcrossFloatAndIntTensors() {
    assertThatThrownBy(
            () ->
                SafetensorsWriter.write(
                    dir.resolve("dup.safetensors"),
                    List.of(TensorData.f32("a", new float[1], 1)),
                    List.of(IntTensorData.i32("a", new int[1], 1)),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate tensor name a");
  }
}
