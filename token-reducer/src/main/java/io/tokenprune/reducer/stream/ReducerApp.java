package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.feed.PolicyFeed;
import io.tokenprune.schemas.policy.feed.PolicyListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running reducer instance: the topology on a KafkaStreams client, plus the live policy view it
 * reads. Close it to stop both.
 */
public final class ReducerApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReducerApp.class);
  private static final Duration POLICY_CATCH_UP = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final PolicyFeed feed;
  private final CountDownLatch stopped;
  private final CountDownLatch running;

  private ReducerApp(
      KafkaStreams streams, PolicyFeed feed, CountDownLatch stopped, CountDownLatch running) {
    this.streams = streams;
    this.feed = feed;
    this.stopped = stopped;
    this.running = running;
  }

  /**
   * Starts the policy feed on {@code config.topics().policies()}, waits until it has read the
   * policies that already exist (so the first window uses them), then starts the topology.
   */
  public static ReducerApp start(ReducerConfig config) {
    PolicyFeed feed =
        new PolicyFeed(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
            config.topics().policies(),
            PolicyListener.NONE);
    feed.start();
    try {
      if (!feed.awaitCaughtUp(POLICY_CATCH_UP)) {
        log.warn(
            "policy topic {} not read to its end within {}; starting with what was read",
            config.topics().policies(),
            POLICY_CATCH_UP);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      feed.close();
      throw new IllegalStateException("interrupted while reading the policies", e);
    }
    return start(config, feed.view()::resolve, feed);
  }

  /**
   * Starts the topology with a given policy lookup (tests, or a caller that keeps its own view).
   */
  public static ReducerApp start(ReducerConfig config, Function<String, EffectivePolicy> policies) {
    return start(config, policies, null);
  }

  private static ReducerApp start(
      ReducerConfig config, Function<String, EffectivePolicy> policies, PolicyFeed feed) {
    KafkaStreams streams =
        new KafkaStreams(
            ReducerTopology.build(config, policies), ReducerTopology.streamsConfig(config));
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
          }
        });
    streams.start();
    return new ReducerApp(streams, feed, stopped, running);
  }

  /** Blocks until the client first reaches RUNNING (its tasks are assigned); false on timeout. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Blocks until the streams client stops (closed, or failed for good); returns its state. */
  public KafkaStreams.State awaitStopped() throws InterruptedException {
    stopped.await();
    return streams.state();
  }

  /** The live policy view, when this app runs its own feed ({@link #start(ReducerConfig)}). */
  public java.util.Optional<io.tokenprune.schemas.policy.PolicyView> policyView() {
    return java.util.Optional.ofNullable(feed).map(PolicyFeed::view);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    try {
      streams.close(Duration.ofSeconds(30));
    } finally {
      if (feed != null) {
        feed.close();
      }
    }
  }
}
