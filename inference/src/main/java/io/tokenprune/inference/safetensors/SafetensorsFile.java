package io.tokenprune.inference.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only safetensors file. The header is parsed on open; tensor data is read through
 * memory-mapped windows, so a shard of any size costs only page cache, never heap.
 */
public final class SafetensorsFile implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and validates the header: every byte range lies inside the file and matches its dtype and
   * shape.
   */
  public static SafetensorsFile open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (size < 8) {
        throw new IOException(path + " is not a safetensors file: " + size + " bytes");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, len, 0);
      long headerLen = len.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw new IOException(path + " has a bad safetensors header length " + headerLen);
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(channel, header, 8);
      JsonNode root = JSON.readTree(header.array());
      long dataStart = 8 + headerLen;
      Map<String, TensorInfo> tensors = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        if (e.getKey().equals("__metadata__")) {
          e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        TensorInfo info = parseEntry(e.getKey(), e.getValue());
        if (dataStart + info.end() > size) {
          throw new IOException(
              path
                  + ": tensor "
                  + info.name()
                  + " ends at "
                  + info.end()
                  + ", past the file's data");
        }
        tensors.put(info.name(), info);
      }
      return new SafetensorsFile(
          path,
          channel,
          dataStart,
          Collections.unmodifiableMap(tensors),
          Collections.unmodifiableMap(metadata));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static TensorInfo parseEntry(String name, JsonNode node) throws IOException {
    JsonNode shapeNode = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (node.get("dtype") == null || shapeNode == null || offsets == null || offsets.size() != 2) {
      throw new IOException("tensor " + name + " has an incomplete header entry: " + node);
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    TensorInfo info =
        new TensorInfo(
            name,
            node.get("dtype").asText(),
            shape,
            offsets.get(0).asLong(),
            offsets.get(1).asLong());
    try {
      long expected = info.elements() * SafetensorsDtype.of(info.dtype()).bytes();
      if (expected != info.end() - info.begin()) {
        throw new IOException(
            "tensor "
                + name
                + " "
                + info.dtype()
                + info.shapeText()
                + " needs "
                + expected
                + " bytes, the header gives "
                + (info.end() - info.begin()));
      }
    } catch (IllegalArgumentException unsupportedDtype) {
      // kept: only an attempt to read it fails
    }
    return info;
  }

  public Path path() {
    return path;
  }

  /** Tensors in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  public Optional<TensorInfo> tensor(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** The optional {@code __metadata__} string map. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Decodes elements [first, first + count) of a tensor to float32 in native byte order, appending
   * to {@code out} (a direct buffer when the result goes to native code). The source is mapped only
   * for the bytes needed.
   */
  public void readFloats(TensorInfo info, long first, int count, FloatBuffer out)
      throws IOException {
    SafetensorsDtype dtype = SafetensorsDtype.of(info.dtype());
    if (first < 0 || first + count > info.elements()) {
      throw new IndexOutOfBoundsException(
          "elements [" + first + ", " + (first + count) + ") of " + info.name() + info.shapeText());
    }
    long offset = dataStart + info.begin() + first * dtype.bytes();
    MappedByteBuffer window =
        channel.map(FileChannel.MapMode.READ_ONLY, offset, (long) count * dtype.bytes());
    window.order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> out.put(window.asFloatBuffer());
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out.put(HalfFloats.halfToFloat(window.getShort()));
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out.put(HalfFloats.bf16ToFloat(window.getShort()));
        }
      }
    }
  }

  /** A whole tensor as float32 on the heap: for small tensors, tests and reference code. */
  public float[] readFloats(String name) throws IOException {
    TensorInfo info =
        tensor(name).orElseThrow(() -> new IOException("no tensor " + name + " in " + path));
    float[] values = new float[Math.toIntExact(info.elements())];
    readFloats(info, 0, values.length, FloatBuffer.wrap(values));
    return values;
  }

  /**
   * A whole I32 tensor (written with {@link IntTensorData}) on the heap.
   *
   * @throws IOException when the tensor is missing, is not I32, or its byte range does not hold its
   *     shape
   */
  public int[] readInts(String name) throws IOException {
    TensorInfo info =
        tensor(name).orElseThrow(() -> new IOException("no tensor " + name + " in " + path));
    if (!info.dtype().equals("I32")) {
      throw new IOException("tensor " + name + " is " + info.dtype() + ", expected I32");
    }
    int count = Math.toIntExact(info.elements());
    if (info.end() - info.begin() != 4L * count) {
      throw new IOException(
          "tensor "
              + name
              + " I32"
              + info.shapeText()
              + " needs "
              + 4L * count
              + " bytes, the header gives "
              + (info.end() - info.begin()));
    }
    int[] values = new int[count];
    channel
        .map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), 4L * count)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asIntBuffer()
        .get(values);
    return values;
  }

  private static void readFully(FileChannel channel, ByteBuffer buf, long position)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + pos);
      }
      pos += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
