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
        Map.of(),
        null);
  }

  public ReducerConfig withBootstrap(String servers) {
    Copy c = new Copy(this);
    c.bootstrapServers = servers;
    return c.build();
  }

  public ReducerConfig withTopics(TopicNames t) {
    Copy c = new Copy(this);
    c.topics = t;
    return c.build();
  }

  public ReducerConfig withApplicationId(String id) {
    Copy c = new Copy(this);
    c.applicationId = id;
    return c.build();
  }

  public ReducerConfig withMode(Mode m) {
    Copy c = new Copy(this);
    c.mode = m;
    return c.build();
  }

  public ReducerConfig withThreads(int n) {
    Copy c = new Copy(this);
    c.threads = n;
    return c.build();
  }

  public ReducerConfig withStreamsOverrides(Map<String, String> overrides) {
    Copy c = new Copy(this);
    c.streamsOverrides = overrides;
    return c.build();
  }

  public ReducerConfig withDocuments(DocumentSettings d) {
    Copy c = new Copy(this);
    c.documents = d;
    return c.build();
  }

  /** A mutable copy for the withers: each changes one field and builds (and so re-validates). */
  private static final class Copy {
    String bootstrapServers;
    String applicationId;
    TopicNames topics;
    Path stateDir;
    TensorDtype tokenDtype;
    int encoderGrid;
    int encoderDim;
    long encoderSeed;
    int threads;
    Mode mode;
    Duration idleCheck;
    Map<String, String> streamsOverrides;
    DocumentSettings documents;

    Copy(ReducerConfig c) {
      bootstrapServers = c.bootstrapServers;
      applicationId = c.applicationId;
      topics = c.topics;
      stateDir = c.stateDir;
      tokenDtype = c.tokenDtype;
      encoderGrid = c.encoderGrid;
      encoderDim = c.encoderDim;
      encoderSeed = c.encoderSeed;
      threads = c.threads;
      mode = c.mode;
      idleCheck = c.idleCheck;
      streamsOverrides = c.streamsOverrides;
      documents = c.documents;
    }

    ReducerConfig build() {
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
          documents);
    }
  }
}
