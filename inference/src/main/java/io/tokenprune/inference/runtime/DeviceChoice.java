package io.tokenprune.inference.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where the model runs. GPU needs DJL's PyTorch engine with a CUDA build of libtorch (see the
 * module README); AUTO takes the first GPU when that engine sees one, else the CPU.
 */
public enum DeviceChoice {
  CPU,
  GPU,
  AUTO;

  /** Parses "cpu", "gpu" or "auto", any case. */
  public static DeviceChoice parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("device must be cpu, gpu or auto, got '" + text + "'");
    }
  }

  /**
   * @throws IllegalStateException for GPU when the engine sees no CUDA device
   */
  public Device resolve() {
    return switch (this) {
      case CPU -> Device.cpu();
      case GPU -> {
        if (gpuCount() == 0) {
          throw new IllegalStateException(
              "device=gpu but the PyTorch engine sees no CUDA device: put a CUDA build of libtorch"
                  + " on the classpath (ai.djl.pytorch:pytorch-native-cu* matching PyTorch "
                  + Engine.getEngine("PyTorch").getVersion()
                  + ") or point PYTORCH_LIBRARY_PATH at one");
        }
        yield Device.gpu();
      }
      case AUTO -> gpuCount() > 0 ? Device.gpu() : Device.cpu();
    };
  }

  private static int gpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }
}
