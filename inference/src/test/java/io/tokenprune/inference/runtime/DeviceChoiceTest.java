package io.tokenprune.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
  @Test
  void parsesAnyCaseAndRejectsOthers() {
    assertThat(DeviceChoice.parse(" GPU ")).isEqualTo(DeviceChoice.GPU);
    assertThat(DeviceChoice.parse("auto")).isEqualTo(DeviceChoice.AUTO);
    assertThatThrownBy(() -> DeviceChoice.parse("tpu")).hasMessageContaining("got 'tpu'");
    assertThatThrownBy(() -> new RuntimeConfig(DeviceChoice.CPU, 0))
        .hasMessageContaining("prefillChunk");
  }

  @Test
  void resolvesToTheEngineDevices() {
    assertThat(DeviceChoice.CPU.resolve()).isEqualTo(Device.cpu());
    boolean gpu = Engine.getEngine("PyTorch").getGpuCount() > 0;
    assertThat(DeviceChoice.AUTO.resolve()).isEqualTo(gpu ? Device.gpu() : Device.cpu());
    if (gpu) {
      assertThat(DeviceChoice.GPU.resolve()).isEqualTo(Device.gpu());
    } else {
      assertThatThrownBy(DeviceChoice.GPU::resolve)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("CUDA build of libtorch")
          .hasMessageContaining("PYTORCH_LIBRARY_PATH");
    }
  }
}
