package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
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
    Duration idleCheck) {

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
    if (encoderGrid < 1 || encoderDim < 1) {
      throw new IllegalArgumentException(
          "encoder grid and dim must be >= 1, got " + encoderGrid + ", " + encoderDim);
    }
    Objects.requireNonNull(mode, "mode");
    if (idleCheck == null || idleCheck.isNegative() || idleCheck.isZero()) {
      throw new IllegalArgumentException("idleCheck must be a positive duration, got " + idleCheck);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /** Defaults for a local run against {@code bootstrapServers}. */
  public static ReducerConfig local(String bootstrapServers, Path stateDir) {
    return new ReducerConfig(
        bootstrapServers,
        "tokenprune-reducer",
        TopicNames.defaults(),
        stateDir,
        TensorDtype.F16,
        14,
        256,
        io.tokenprune.inference.vision.PatchEncoder.DEFAULT_SEED,
        1,
        Mode.HOLITOM,
        Duration.ofSeconds(1));
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
        idleCheck);
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
        idleCheck);
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
        idleCheck);
  }

  public ReducerConfig withStateDir(Path dir) {
    return new ReducerConfig(
        bootstrapServers,
        applicationId,
        topics,
        dir,
        tokenDtype,
        encoderGrid,
        encoderDim,
        encoderSeed,
        threads,
        mode,
        idleCheck);
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
        idleCheck);
  }
}
