package io.tokenprune.inference.safetensors;

import java.util.Arrays;

/**
 * A named int32 tensor to be written as I32 (indices, positions), next to the float tensors of
 * {@link TensorData}; read back with {@link SafetensorsFile#readInts(String)}.
 *
 * @param values row-major, {@code product(shape)} values
 */
public record IntTensorData(String name, long[] shape, int[] values) {
  public IntTensorData {
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

  public static IntTensorData i32(String name, int[] values, long... shape) {
    return new IntTensorData(name, shape, values);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
