package io.tokenprune.inference.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads a model folder's weights into NDArrays.
 *
 * <p>Each tensor is read through memory-mapped windows of at most {@link #CHUNK} elements, decoded
 * (F16 and BF16 widened exactly to F32) into one reused direct buffer, and copied into a
 * torch-owned float32 tensor; the tensor then moves to the target device. Peak extra memory is one
 * chunk, never a heap copy of a shard. (DJL 0.36 cannot wrap BF16 memory directly, which is why the
 * widening happens here rather than in libtorch.)
 */
public final class WeightLoader {
  /** Elements per mapped window: 4M floats, 16 MiB of scratch. */
  static final int CHUNK = 1 << 22;

  private WeightLoader() {}

  /**
   * @param manager becomes the owner of the weights (closed by {@link ModelWeights#close()})
   * @throws ModelFormatException naming any missing or mis-shaped tensor, or an unsupported dtype
   */
  public static ModelWeights load(Path dir, ModelConfig config, NDManager manager)
      throws IOException {
    Map<String, NDArray> named = new LinkedHashMap<>();
    ByteBuffer scratch =
        ByteBuffer.allocateDirect(CHUNK * Float.BYTES).order(ByteOrder.nativeOrder());
    try (CheckpointFolder folder = CheckpointFolder.open(dir)) {
      for (TensorSpec spec : TensorSpec.all(config)) {
        named.put(spec.name(), read(folder, spec, manager, scratch));
      }
    } catch (IOException | RuntimeException e) {
      named.values().forEach(NDArray::close);
      throw e;
    }
    return ModelWeights.of(config, named, manager);
  }

  /** One tensor, checked against its spec, owned by {@code target}; also reads the projector. */
  static NDArray read(
      CheckpointFolder folder, TensorSpec spec, NDManager target, ByteBuffer scratch)
      throws IOException {
    CheckpointFolder.Located loc =
        folder
            .find(spec.name())
            .orElseThrow(
                () ->
                    ModelFormatException.missingTensor(
                        spec.name(), spec.shape(), folder.dir().toString()));
    long[] found = loc.info().shape();
    if (!Arrays.equals(found, spec.shape())) {
      throw ModelFormatException.shapeMismatch(
          spec.name(), spec.shape(), found, loc.file().path().toString());
    }
    try {
      SafetensorsDtype.of(loc.info().dtype());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("tensor " + spec.name() + ": " + e.getMessage());
    }
    long n = loc.info().elements();
    try (NDManager cpu = target.newSubManager(Device.cpu())) {
      NDArray whole = cpu.create(new Shape(spec.shape()), DataType.FLOAT32); // uninitialised
      NDArray flat = whole.reshape(n); // a view: writes land in whole
      for (long first = 0; first < n; first += CHUNK) {
        int count = (int) Math.min(CHUNK, n - first);
        scratch.clear();
        FloatBuffer floats = scratch.asFloatBuffer();
        loc.file().readFloats(loc.info(), first, count, floats);
        scratch.limit(count * Float.BYTES);
        try (NDArray part = cpu.create(scratch, new Shape(count), DataType.FLOAT32)) {
          flat.set(new NDIndex("{}:{}", first, first + count), part);
        }
      }
      NDArray placed = whole.toDevice(target.getDevice(), false);
      placed.setName(spec.name());
      placed.attach(target);
      return placed;
    }
  }
}
