package io.tokenprune.inference.safetensors;

/** The floating-point element types this runtime reads and writes; all are upcast to F32. */
public enum SafetensorsDtype {
  F32(4),
  F16(2),
  BF16(2);

  private final int bytes;

  SafetensorsDtype(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /**
   * @param name the header's dtype string, e.g. "BF16"
   * @throws IllegalArgumentException for any other dtype (I64, F8_E4M3, ...), naming it
   */
  public static SafetensorsDtype of(String name) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported safetensors dtype " + name + ", expected F32, F16 or BF16");
  }
}
