package io.tokenprune.deploy.serve;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo model trained for pass-key retrieval ships: {@code models/needle-llama-v1} under
 * the repository root, which the {@code tokenprune} launcher passes as {@code -Dtokenprune.home}
 * (the working directory otherwise).
 */
public final class BundledModel {
  public static final String NAME = "needle-llama-v1";

  private BundledModel() {}

  public static Path dir() {
    return Path.of(System.getProperty("tokenprune.home", ".")).resolve("models").resolve(NAME);
  }

  /** Whether the folder is there with its config and weights. */
  public static boolean present(Path dir) {
    return Files.isRegularFile(dir.resolve("config.json"))
        && Files.isRegularFile(dir.resolve("tokenizer.json"));
  }
}
