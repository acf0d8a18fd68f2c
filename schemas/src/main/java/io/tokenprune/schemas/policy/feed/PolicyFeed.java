package io.tokenprune.schemas.policy.feed;

import io.tokenprune.schemas.policy.PolicyUpdate;
import io.tokenprune.schemas.policy.PolicyView;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PolicyView} live from the compacted policy topic: a daemon thread with its own
 * consumer reads every partition from the beginning, with no consumer group, and applies each
 * record as it arrives. Readers call {@link #view()} from any thread. A record it cannot use (bad
 * JSON, a range violation, a null or invalid key) is a {@link PolicyUpdate.Rejected}: logged,
 * counted, passed to the listener, and the last valid policy of its scope stays in force.
 *
 * <p>If the consumer fails for good (an authorization error, say), the thread stops, {@link
 * #failure()} says why, and the view keeps the policies it held.
 */
public final class PolicyFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PolicyFeed.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

  /**
   * What the feed has applied so far.
   *
   * @param listenerFailures updates whose listener threw; the update itself took effect
   */
  public record Counts(long accepted, long rejected, long deleted, long listenerFailures) {}

  private final Map<String, ?> clientConfig;
  private final String topic;
  private final PolicyListener listener;
  private final PolicyView view = new PolicyView();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final CountDownLatch settled = new CountDownLatch(1); // caught up, failed or closed
  private volatile boolean caughtUp;
  private volatile boolean running;
  private volatile Throwable failure;
  private PolicyTopicReader reader;
  private Thread thread;

  /**
   * @param clientConfig consumer settings, at least {@code bootstrap.servers}
   * @param topic the policy topic, usually {@code TopicNames.policies()}
   * @param listener hears every update on the feed's thread; {@link PolicyListener#NONE} for none
   */
  public PolicyFeed(Map<String, ?> clientConfig, String topic, PolicyListener listener) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.topic = Objects.requireNonNull(topic, "topic must not be null");
    this.listener = Objects.requireNonNull(listener, "listener must not be null; use NONE");
  }

  /**
   * Connects, notes the topic's end offsets and starts reading on a daemon thread.
   *
   * @throws IllegalStateException if already started
   * @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if the topic does not
   *     exist
   */
  public synchronized PolicyFeed start() {
    if (thread != null) {
      throw new IllegalStateException("policy feed on " + topic + " is already started");
    }
    reader = PolicyTopicReader.open(clientConfig, topic, API_TIMEOUT, view);
    running = true;
    thread = new Thread(this::run, "tokenprune-policy-feed-" + topic);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * Waits until the feed has read the topic up to the end offsets it had at {@link #start()}.
   *
   * @return true once caught up; false if the time ran out or the feed was closed first
   * @throws IllegalStateException if the feed failed before catching up, with the cause
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (!caughtUp && failure != null) {
      throw new IllegalStateException(
          "policy feed on " + topic + " stopped before catching up: " + failure, failure);
    }
    return caughtUp;
  }

  /** Whether the feed has read the topic as it was at {@link #start()}. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /** The live view; safe to resolve from any thread. */
  public PolicyView view() {
    return view;
  }

  public Counts counts() {
    return new Counts(accepted.get(), rejected.get(), deleted.get(), listenerFailures.get());
  }

  /** Why the reading thread stopped, if it stopped on its own. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Stops the thread and closes its consumer; the view keeps what it held. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
      if (t == null || !running) {
        return;
      }
      running = false;
      reader.wakeup();
    }
    try {
      t.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      log.warn("policy feed thread on {} did not stop within 10 s", topic);
    }
  }

  private void run() {
    try {
      while (running) {
        checkCaughtUp();
        reader.poll(POLL, this::onUpdate);
      }
    } catch (WakeupException e) {
      // close() asked the thread to stop
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("policy feed on {} stopped; the last policies read stay in force", topic, e);
    } finally {
      running = false;
      reader.close();
      settled.countDown();
    }
  }

  private void checkCaughtUp() {
    if (caughtUp) {
      return;
    }
    try {
      if (reader.caughtUp()) {
        caughtUp = true;
        settled.countDown();
        log.info("policy feed caught up with {}: {}", topic, counts());
      }
    } catch (RetriableException e) {
      // The broker did not answer an offset lookup in time; poll and ask again.
      log.warn("policy feed on {} cannot look up its position yet: {}", topic, e.toString());
    }
  }

  private void onUpdate(PolicyUpdate update, ConsumerRecord<String, String> record) {
    if (update instanceof PolicyUpdate.Accepted a) {
      accepted.incrementAndGet();
      log.info("policy {} version {} in force ({})", a.scope(), a.held().version(), at(record));
    } else if (update instanceof PolicyUpdate.Rejected r) {
      rejected.incrementAndGet();
      log.warn("policy record rejected ({}, key {}): {}", at(record), r.scope(), r.reason());
    } else if (update instanceof PolicyUpdate.Deleted d) {
      deleted.incrementAndGet();
      log.info("policy {} deleted ({})", d.scope(), at(record));
    }
    try {
      listener.onUpdate(update, record);
    } catch (RuntimeException e) {
      // The view already holds the update; a failing listener must not freeze the policies.
      listenerFailures.incrementAndGet();
      log.error("policy listener failed on {}", at(record), e);
    }
  }

  private static String at(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
