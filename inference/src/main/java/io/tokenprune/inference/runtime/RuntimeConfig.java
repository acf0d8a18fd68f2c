package io.tokenprune.inference.runtime;

/**
 * How to run a model.
 *
 * @param device cpu, gpu or auto
 * @param prefillChunk tokens per prefill chunk: attention memory per layer is [H, chunk, T]
 */
public record RuntimeConfig(DeviceChoice device, int prefillChunk) {
  public static final int DEFAULT_CHUNK = 512;

  public RuntimeConfig {
    if (device == null) {
      throw new IllegalArgumentException("device is required");
    }
    if (prefillChunk < 1) {
      throw new IllegalArgumentException("prefillChunk must be >= 1, got " + prefillChunk);
    }
  }

  /** CPU, 512-token chunks. */
  public static RuntimeConfig cpu() {
    return new RuntimeConfig(DeviceChoice.CPU, DEFAULT_CHUNK);
  }

  public RuntimeConfig withDevice(DeviceChoice d) {
    return new RuntimeConfig(d, prefillChunk);
  }

  public RuntimeConfig withPrefillChunk(int chunk) {
    return new RuntimeConfig(device, chunk);
  }
}
