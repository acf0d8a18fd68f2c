package io.tokenprune.deploy.serve;

import io.tokenprune.gateway.Gateway;
import io.tokenprune.gateway.GatewayConfig;
import io.tokenprune.reducer.docs.DocumentSettings;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code tokenprune serve}: the gateway, and with {@link Reducer} settings the reducer in
 * the same JVM (video, and documents when it has a model to select with). The broker is the
 * caller's. {@link #close()} drains the gateway first (answers in flight finish), then stops the
 * reducer.
 */
public final class ServeRun implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServeRun.class);

  /**
   * The in-JVM reducer.
   *
   * @param selector the model GemFilter selects with; empty runs the video path only
   * @param stateDir its Kafka Streams state
   * @param applicationId its Kafka Streams application id. Streams members do not leave their group
   *     on close, so a second app under a closed one's id waits out the session timeout (45 s)
   *     before it gets partitions: give each concurrent or back-to-back use its own.
   */
  public record Reducer(Optional<Path> selector, Path stateDir, String applicationId) {
    public static final String SERVE_ID = "tokenprune-serve";

    public Reducer(Optional<Path> selector, Path stateDir) {
      this(selector, stateDir, SERVE_ID);
    }
  }

  private final Gateway gateway;
  private final ReducerApp reducer; // null with an external reducer
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  private ServeRun(Gateway gateway, ReducerApp reducer) {
    this.gateway = gateway;
    this.reducer = reducer;
  }

  /**
   * Starts the reducer (if asked) and then the gateway, against the broker in {@code
   * config.kafka()} whose topics exist.
   */
  public static ServeRun start(GatewayConfig config, Optional<Reducer> withReducer)
      throws IOException {
    ReducerApp reducer = null;
    if (withReducer.isPresent()) {
      Reducer r = withReducer.get();
      ReducerConfig rc =
          ReducerConfig.local(config.kafka().bootstrapServers(), r.stateDir())
              .withTopics(config.kafka().topics())
              .withApplicationId(r.applicationId());
      if (r.selector().isPresent()) {
        rc = rc.withDocuments(DocumentSettings.of(r.selector().get()));
      } else {
        log.warn("no model to select documents with: the reducer runs the video path only");
      }
      reducer = ReducerApp.start(rc);
    }
    try {
      return new ServeRun(Gateway.start(config), reducer);
    } catch (IOException | RuntimeException e) {
      if (reducer != null) {
        reducer.close();
      }
      throw e;
    }
  }

  public Gateway gateway() {
    return gateway;
  }

  public String url() {
    return gateway.url();
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    try {
      gateway.close();
      if (reducer != null) {
        reducer.close();
      }
    } finally {
      closed.countDown();
    }
  }
}
