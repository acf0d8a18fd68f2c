package io.tokenprune.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.gateway.backend.Backend;
import io.tokenprune.gateway.backend.LocalBackend;
import io.tokenprune.gateway.backend.UpstreamBackend;
import io.tokenprune.gateway.docs.ContextClient;
import io.tokenprune.gateway.http.GatewayServer;
import io.tokenprune.gateway.http.GatewayServices;
import io.tokenprune.gateway.metrics.GatewayMetrics;
import io.tokenprune.gateway.video.SegmentFeed;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.schemas.policy.feed.PolicyFeed;
import io.tokenprune.schemas.policy.feed.PolicyListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole gateway against a broker: the backend, the live policy feed, the stream memory fed from
 * tp.video.compact, request-reply with the reducer, and the HTTP server. {@link #close()} drains
 * the server first (answers in flight finish), then stops the Kafka parts and frees the model.
 *
 * <pre>{@code
 * try (Gateway g = Gateway.start(GatewayConfig.of(BackendSettings.Local.of(dir), "localhost:9092"))) {
 *   System.out.println("gateway listening on " + g.url());
 *   g.awaitClosed();
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration POLICY_CATCH_UP = Duration.ofSeconds(30);

  private final GatewayServer server;
  private final StreamMemory memory;
  private final Deque<AutoCloseable> parts; // closed last-started first, after the server
  private final java.util.concurrent.CountDownLatch closedLatch =
      new java.util.concurrent.CountDownLatch(1);
  private boolean closed;

  private Gateway(GatewayServer server, StreamMemory memory, Deque<AutoCloseable> parts) {
    this.server = server;
    this.memory = memory;
    this.parts = parts;
  }

  /**
   * Loads the backend, connects to Kafka (the topics must exist) and starts listening.
   *
   * @throws IOException when the model folder cannot be read
   */
  public static Gateway start(GatewayConfig config) throws IOException {
    Deque<AutoCloseable> parts = new ArrayDeque<>();
    try {
      ObjectMapper json = new ObjectMapper();
      GatewayMetrics metrics = new GatewayMetrics();
      Backend backend = backend(config.backend(), json);
      parts.push(backend);
      Map<String, Object> client = config.kafka().clientConfig();

      PolicyFeed policies =
          new PolicyFeed(client, config.kafka().topics().policies(), PolicyListener.NONE).start();
      parts.push(policies);
      if (!policies.awaitCaughtUp(POLICY_CATCH_UP)) {
        log.warn(
            "the policy feed has not caught up within {}; serving with what it has",
            POLICY_CATCH_UP);
      }
      StreamMemory memory = new StreamMemory(config.memory(), System::currentTimeMillis);
      SegmentFeed segments =
          new SegmentFeed(
                  client, config.kafka().topics().videoCompact(), memory, config.kafka().lookback())
              .start();
      parts.push(segments);
      ContextClient documents =
          new ContextClient(
                  client,
                  config.kafka().topics().qaRequests(),
                  config.kafka().replyTopic(),
                  config.kafka().selectionTimeout())
              .start();
      parts.push(documents);
      KafkaProbe probe = new KafkaProbe(client);
      parts.push(probe);

      metrics.gauge("tokenprune_gateway_streams", "Video streams in memory.", memory::streamCount);
      metrics.gauge(
          "tokenprune_gateway_stream_segments", "Segments in memory.", memory::segmentCount);
      metrics.gauge(
          "tokenprune_gateway_stream_tokens", "Compact tokens in memory.", memory::tokenCount);
      metrics.gauge(
          "tokenprune_gateway_segments_evicted_by_tokens",
          "Segments dropped for the token bound.",
          memory::evictedByTokens);
      metrics.gauge(
          "tokenprune_gateway_segments_evicted_by_age",
          "Segments dropped for age.",
          memory::evictedByAge);
      metrics.gauge(
          "tokenprune_gateway_streams_evicted",
          "Streams dropped for the stream bound.",
          memory::evictedStreams);
      metrics.gauge(
          "tokenprune_gateway_segment_records",
          "Records read from the compact video topic.",
          segments::records);
      metrics.gauge(
          "tokenprune_gateway_selections_pending",
          "Document selections awaiting their reply.",
          documents::pending);
      metrics.gauge(
          "tokenprune_gateway_selection_replies_skipped",
          "Replies that matched no pending request.",
          documents::skipped);
      metrics.gauge(
          "tokenprune_gateway_policy_records_rejected",
          "Policy records rejected.",
          () -> policies.counts().rejected());

      GatewayServices services =
          new GatewayServices(
              backend,
              Optional.of(documents),
              memory,
              policies.view(),
              () -> health(probe, backend, policies, segments, documents),
              metrics);
      GatewayServer server = GatewayServer.start(config.server(), services);
      return new Gateway(server, memory, parts);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAll(parts);
      throw new IllegalStateException("interrupted while starting the gateway", e);
    } catch (IOException | RuntimeException | Error e) {
      closeAll(parts);
      throw e;
    }
  }

  private static Backend backend(BackendSettings settings, ObjectMapper json) throws IOException {
    if (settings instanceof BackendSettings.Local l) {
      return LocalBackend.load(l.modelDir(), l.runtime(), l.modelId().orElse(null));
    }
    return new UpstreamBackend(((BackendSettings.Upstream) settings).settings(), json);
  }

  private static GatewayServices.Health health(
      KafkaProbe probe,
      Backend backend,
      PolicyFeed policies,
      SegmentFeed segments,
      ContextClient documents) {
    boolean kafka = probe.reachable();
    boolean model = backend.ready();
    StringBuilder detail = new StringBuilder();
    if (!kafka) {
      detail.append("the broker does not answer; ");
    }
    if (!model) {
      detail.append("the model ").append(backend.modelId()).append(" is not available; ");
    }
    if (!segments.healthy()) {
      detail.append("the segment feed stopped; ");
    }
    if (!documents.healthy()) {
      detail.append("the reply consumer stopped; ");
    }
    policies
        .failure()
        .ifPresent(f -> detail.append("the policy feed stopped: ").append(f).append("; "));
    boolean partsOk = segments.healthy() && documents.healthy() && policies.failure().isEmpty();
    return new GatewayServices.Health(
        kafka && partsOk, model, detail.length() == 0 ? "ok" : detail.toString().trim());
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public StreamMemory memory() {
    return memory;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  /** Drains and stops the server, then the Kafka parts, then frees the model. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      server.close();
      closeAll(parts);
    } finally {
      closedLatch.countDown();
    }
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable p = parts.pop();
      try {
        p.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", p.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
