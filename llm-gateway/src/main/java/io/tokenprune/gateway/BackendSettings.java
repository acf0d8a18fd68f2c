package io.tokenprune.gateway;

import io.tokenprune.gateway.backend.UpstreamSettings;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Which backend answers. */
public sealed interface BackendSettings {
  /**
   * The inference runtime in this JVM.
   *
   * @param modelDir a Hugging Face model folder (with a vision projector for video questions)
   * @param modelId the id clients use; the folder name when empty
   */
  record Local(Path modelDir, RuntimeConfig runtime, Optional<String> modelId)
      implements BackendSettings {
    public Local {
      Objects.requireNonNull(modelDir, "modelDir");
      Objects.requireNonNull(runtime, "runtime");
      Objects.requireNonNull(modelId, "modelId");
    }

    public static Local of(Path modelDir) {
      return new Local(modelDir, RuntimeConfig.cpu(), Optional.empty());
    }
  }

  /** An OpenAI-compatible server. */
  record Upstream(UpstreamSettings settings) implements BackendSettings {
    public Upstream {
      Objects.requireNonNull(settings, "settings");
    }
  }
}
