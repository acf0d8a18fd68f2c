package io.tokenprune.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsEveryDtype() throws IOException {
    float[] values = {0f, 1f, -2.5f, 3.14159f, 1e-3f, 65504f};
    Path file = dir.resolve("t.safetensors");
    SafetensorsWriter.write(
        file,
        List.of(
            new TensorData("a.f32", new long[] {2, 3}, values, SafetensorsDtype.F32),
            new TensorData("b.f16", new long[] {6}, values, SafetensorsDtype.F16),
            new TensorData("c.bf16", new long[] {3, 2}, values, SafetensorsDtype.BF16)),
        Map.of("format", "pt"));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.tensors().keySet()).containsExactly("a.f32", "b.f16", "c.bf16");
      assertThat(f.metadata()).containsEntry("format", "pt");
      assertThat(f.tensor("a.f32").orElseThrow().shape()).containsExactly(2, 3);
      assertThat(f.readFloats("a.f32")).containsExactly(values);
      float[] f16 = f.readFloats("b.f16");
      float[] bf16 = f.readFloats("c.bf16");
      for (int i = 0; i < values.length; i++) {
        assertThat(f16[i]).isEqualTo(HalfFloats.halfToFloat(HalfFloats.floatToHalf(values[i])));
        assertThat(bf16[i]).isEqualTo(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(values[i])));
      }
      // a window inside a tensor
      FloatBuffer out = FloatBuffer.allocate(2);
      f.readFloats(f.tensor("a.f32").orElseThrow(), 3, 2, out);
      assertThat(out.array()).containsExactly(3.14159f, 1e-3f);
    }
    // header length is a multiple of 8, so F32 data is aligned
    ByteBuffer head =
        ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(head.getLong() % 8).isZero();
  }

  @Test
  void rejectsHeadersThatDisagreeWithTheData() throws IOException {
    Path bad = dir.resolve("bad.safetensors");
    String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}";
    writeRaw(bad, header, new byte[12]);
    assertThatThrownBy(() -> SafetensorsFile.open(bad))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tensor x F32[4] needs 16 bytes, the header gives 12");

    Path shortFile = dir.resolve("short.safetensors");
    writeRaw(
        shortFile,
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
        new byte[8]);
    assertThatThrownBy(() -> SafetensorsFile.open(shortFile))
        .hasMessageContaining("past the file's data");

    Path notOne = dir.resolve("junk.safetensors");
    Files.write(notOne, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsFile.open(notOne))
        .hasMessageContaining("not a safetensors file");
  }

  @Test
  void unsupportedDtypesAreListedButNotReadable() throws IOException {
    Path file = dir.resolve("i64.safetensors");
    writeRaw(
        file, "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16]);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.tensors()).containsKey("ids");
      assertThatThrownBy(() -> f.readFloats("ids"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsupported safetensors dtype I64");
    }
  }

  private static void writeRaw(Path file, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(json.length).put(json).put(data);
    Files.write(file, buf.array());
  }
}
