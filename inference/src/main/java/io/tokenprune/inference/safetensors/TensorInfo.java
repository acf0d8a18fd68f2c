package io.tokenprune.inference.safetensors;

import java.util.Arrays;

/**
 * One header entry.
 *
 * @param dtype the header's dtype string, kept raw so an unsupported dtype in a tensor nobody reads
 *     does not stop loading
 * @param begin start offset in bytes, relative to the end of the header
 * @param end end offset (exclusive)
 */
public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
  public TensorInfo {
    shape = shape.clone();
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "tensor " + name + " has a bad byte range [" + begin + ", " + end + ")");
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a scalar). */
  public long elements() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The shape as text, e.g. [64, 32], for error messages. */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
