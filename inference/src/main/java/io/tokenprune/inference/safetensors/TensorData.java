package io.tokenprune.inference.safetensors;

import java.util.Arrays;

/**
 * A named float tensor to be written, and the dtype to store it as.
 *
 * @param values row-major, {@code product(shape)} values
 */
public record TensorData(String name, long[] shape, float[] values, SafetensorsDtype dtype) {
  public TensorData {
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            name + " has a negative dimension " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          name + " has " + values.length + " values for shape " + Arrays.toString(shape));
    }
  }

  public static TensorData f32(String name, float[] values, long... shape) {
    return new TensorData(name, shape, values, SafetensorsDtype.F32);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The same tensor stored as another dtype. */
  public TensorData as(SafetensorsDtype other) {
    return new TensorData(name, shape, values, other);
  }
}
