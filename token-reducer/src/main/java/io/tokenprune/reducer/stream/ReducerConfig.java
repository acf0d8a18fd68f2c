package io.tokenprune.reducer.stream;

import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.reducer.docs.DocumentSettings;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the reducer app needs, validated once.
 *
 * @param applicationId the Kafka Streams application id (consumer group, state dir, changelogs)
 * @param stateDir where RocksDB state lives; one per instance
 * @param tokenDtype how tokens are packed into CompactSegment records
 * @param encoderGrid patches per side for the PatchEncoder (N = grid^2)
 * @param encoderDim token dimension D
 * @param threads stream threads in this instance
 * @param mode whether to prune (HoliTom) or pass every frame through whole
 * @param idleCheck how often the idle-flush punctuator looks for quiet streams
 * @param streamsOverrides raw Kafka Streams/client settings applied last (e.g. session.timeout.ms)
 * @param documents the document path (GemFilter selection, its model and prefix cache), or null for
 *     a video-only reducer that loads no model
 */
public record ReducerConfig(
    String bootstrapServers,
    String applicationId,
    TopicNames topics,
    Path stateDir,
    TensorDtype tokenDtype,
    int encoderGrid,
    int encoderDim,
    long encoderSeed,
    int threads,
    Mode mode,
    Duration idleCheck,
    Map<String, String> streamsOverrides,
    DocumentSettings documents) {

  /** HOLITOM prunes; PASS_THROUGH emits every frame whole (the baseline for benchmarks). */
  public enum Mode {
    HOLITOM,
    PASS_THROUGH
  }

  public ReducerConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(tokenDtype, "tokenDtype");
    Objects.requireNonNull(mode, "mode");
    streamsOverrides = Map.copyOf(Objects.requireNonNullElse(streamsOverrides, Map.of()));
    if (applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must not be blank");
    }
    if (encoderGrid < 1 || encoderDim < 1) {
      throw new IllegalArgumentException(
          "encoder grid and dim must be >= 1, got " + encoderGrid + ", " + encoderDim);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (idleCheck == null || idleCheck.isNegative() || idleCheck.isZero()) {
      throw new IllegalArgumentException("idleCheck must be a positive duration, got " + idleCheck);
    }
  }

  /** A video-only reducer (no document path). */
  public ReducerConfig(
      String bootstrapServers,
      String applicationId,
      TopicNames topics,
      Path stateDir,
      TensorDtype tokenDtype,
      int encoderGrid,
      int encoderDim,
      long encoderSeed,
      int threads,
      Mode mode,
      Duration idleCheck,
      Map<String, String> streamsOverrides) {
    this(
        bootstrapServers,
        applicationId,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck,
        streamsOverrides,
        null);
  }

  /** Defaults for a local run: HoliTom, F16 tokens, a 14x14x256 PatchEncoder, one thread. */
  public static ReducerConfig local(String bootstrapServers, Path stateDir) {
    return new ReducerConfig(
        bootstrapServers,
        "tokenprune-reducer",
        TopicNames.defaults(),
        stateDir,
        TensorDtype.F16,
        14,
        256,
        PatchEncoder.DEFAULT_SEED,
        1,
        Mode.HOLITOM,
        Duration.ofSeconds(1),
        Map.of());
  }

  public ReducerConfig withBootstrap(String servers) {
    return new ReducerConfig(
        servers,
        applicationId,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck,
        streamsOverrides,
        documents);
  }

  public ReducerConfig withTopics(TopicNames t) {
    return new ReducerConfig(
        bootstrapServers,
        applicationId,
        t,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck,
        streamsOverrides,
        documents);
  }

  public ReducerConfig withApplicationId(String id) {
    return new ReducerConfig(
        bootstrapServers,
        id,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck,
        streamsOverrides,
        documents);
  }

  public ReducerConfig withMode(Mode m) {
    return new ReducerConfig(
        bootstrapServers,
        applicationId,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        m,
        idleCheck,
        streamsOverrides,
        documents);
  }

  public ReducerConfig withThreads(int n) {
    return new ReducerConfig(
        bootstrapServers,
        applicationId,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        n,
        mode,
        idleCheck,
        streamsOverrides,
        documents);
  }

  public ReducerConfig withStreamsOverrides(Map<String, String> overrides) {
    return new ReducerConfig(
        bootstrapServers,
        applicationId,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck,
        overrides,
        documents);
  }

  /** The same config with the document path added (or removed, with null). */
  public ReducerConfig withDocuments(DocumentSettings d) {
    return new ReducerConfig(
        bootstrapServers,
        applicationId,
        topics,
        stateDir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck,
        streamsOverrides,
        d);
  }
}
