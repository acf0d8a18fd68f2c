package io.tokenprune.reducer.docs;

import io.tokenprune.inference.runtime.DeviceChoice;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.reducer.docs.select.PromptTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The reducer's document path: which model selects, how prompts are built, and how long questions
 * wait for a document's last chunk. Per-document knobs (layer, topK, kernel, granularity,
 * maxDocumentTokens) come from the policies instead.
 *
 * @param modelDir a Hugging Face model folder with tokenizer.json, loaded once per reducer instance
 * @param runtime device and prefill chunk of that model
 * @param template how a document and a question become one prompt
 * @param cacheBytes the prefix cache's bound; 0 disables it (every question recomputes)
 * @param waitTimeout how long a question waits for its document's last chunk
 * @param waitCheck how often waiting questions are checked against waitTimeout
 */
public record DocumentSettings(
    Path modelDir,
    RuntimeConfig runtime,
    PromptTemplate template,
    long cacheBytes,
    Duration waitTimeout,
    Duration waitCheck) {

  public static final long DEFAULT_CACHE_BYTES = 1L << 30;

  public DocumentSettings {
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(template, "template");
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
    }
    positive("waitTimeout", waitTimeout);
    positive("waitCheck", waitCheck);
  }

  /** CPU, the default template, a 1 GiB prefix cache, questions wait 60 s, checked every second. */
  public static DocumentSettings of(Path modelDir) {
    return new DocumentSettings(
        modelDir,
        new RuntimeConfig(DeviceChoice.CPU, RuntimeConfig.DEFAULT_CHUNK),
        PromptTemplate.defaults(),
        DEFAULT_CACHE_BYTES,
        Duration.ofSeconds(60),
        Duration.ofSeconds(1));
  }

  public DocumentSettings withCacheBytes(long bytes) {
    return new DocumentSettings(modelDir, runtime, template, bytes, waitTimeout, waitCheck);
  }

  public DocumentSettings withRuntime(RuntimeConfig r) {
    return new DocumentSettings(modelDir, r, template, cacheBytes, waitTimeout, waitCheck);
  }

  public DocumentSettings withTemplate(PromptTemplate t) {
    return new DocumentSettings(modelDir, runtime, t, cacheBytes, waitTimeout, waitCheck);
  }

  public DocumentSettings withWait(Duration timeout, Duration check) {
    return new DocumentSettings(modelDir, runtime, template, cacheBytes, timeout, check);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
