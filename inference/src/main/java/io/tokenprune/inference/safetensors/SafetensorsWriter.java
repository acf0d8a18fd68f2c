package io.tokenprune.inference.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes safetensors files. The header is padded with spaces to a multiple of 8 bytes, as the
 * reference implementation does, so F32 data stays 4-byte aligned for zero-copy readers.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsWriter() {}

  public static void write(Path path, List<TensorData> tensors) throws IOException {
    write(path, tensors, Map.of());
  }

  /** Writes tensors in the given order, with an optional {@code __metadata__} string map. */
  public static void write(Path path, List<TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    write(path, tensors, List.of(), metadata);
  }

  /** Writes the float tensors in the given order, then the I32 tensors in theirs. */
  public static void write(
      Path path, List<TensorData> tensors, List<IntTensorData> ints, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    Set<String> names = new HashSet<>();
    long offset = 0;
    for (TensorData t : tensors) {
      long bytes = (long) t.values().length * t.dtype().bytes();
      entry(header, names, t.name(), t.dtype().name(), t.shape(), offset, bytes);
      offset += bytes;
    }
    for (IntTensorData t : ints) {
      long bytes = 4L * t.values().length;
      entry(header, names, t.name(), "I32", t.shape(), offset, bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      out.write(json);
      out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
      for (TensorData t : tensors) {
        writeValues(out, t);
      }
      for (IntTensorData t : ints) {
        writeInts(out, t.values());
      }
    }
  }

  private static void entry(
      ObjectNode header,
      Set<String> names,
      String name,
      String dtype,
      long[] shape,
      long offset,
      long bytes) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("duplicate tensor name " + name);
    }
    ObjectNode entry = header.putObject(name);
    entry.put("dtype", dtype);
    ArrayNode dims = entry.putArray("shape");
    for (long d : shape) {
      dims.add(d);
    }
    entry.putArray("data_offsets").add(offset).add(offset + bytes);
  }

  private static void writeInts(OutputStream out, int[] values) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      buf.putInt(v);
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
    }
    out.write(buf.array(), 0, buf.position());
  }

  private static void writeValues(OutputStream out, TensorData t) throws IOException {
    int width = t.dtype().bytes();
    ByteBuffer buf = ByteBuffer.allocate(8192 * width).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : t.values()) {
      switch (t.dtype()) {
        case F32 -> buf.putFloat(v);
        case F16 -> buf.putShort(HalfFloats.floatToHalf(v));
        case BF16 -> buf.putShort(HalfFloats.floatToBf16(v));
      }
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
    }
    out.write(buf.array(), 0, buf.position());
  }
}
