package io.tokenprune.inference.model;

import java.util.Arrays;

/**
 * A model folder this runtime cannot load: an unknown architecture, a missing tensor, a shape that
 * does not match the config, or a malformed config. The message names the tensor or field, the
 * expected value and the one found.
 */
public class ModelFormatException extends RuntimeException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  static ModelFormatException missingTensor(String tensor, long[] expected, String where) {
    return new ModelFormatException(
        "missing tensor "
            + tensor
            + ": expected shape "
            + Arrays.toString(expected)
            + ", found none in "
            + where);
  }

  static ModelFormatException shapeMismatch(
      String tensor, long[] expected, long[] found, String where) {
    return new ModelFormatException(
        "tensor "
            + tensor
            + " in "
            + where
            + ": expected shape "
            + Arrays.toString(expected)
            + ", found shape "
            + Arrays.toString(found));
  }
}
