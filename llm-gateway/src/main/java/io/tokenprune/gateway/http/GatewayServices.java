package io.tokenprune.gateway.http;

import io.tokenprune.gateway.backend.Backend;
import io.tokenprune.gateway.docs.ContextClient;
import io.tokenprune.gateway.metrics.GatewayMetrics;
import io.tokenprune.gateway.video.StreamMemory;
import io.tokenprune.schemas.policy.PolicyView;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP layer answers with. The Kafka-facing parts are optional so that the server runs
 * without a broker (plain chat and streams fed by hand); a document question then gets 503.
 *
 * @param documents request-reply with the reducer, if Kafka is configured
 * @param streams the stream memory, fed by a SegmentFeed or by hand
 * @param policies the live policies (a PolicyFeed's view)
 * @param health what /healthz reports
 */
public record GatewayServices(
    Backend backend,
    Optional<ContextClient> documents,
    StreamMemory streams,
    PolicyView policies,
    Supplier<Health> health,
    GatewayMetrics metrics) {

  public GatewayServices {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * What /healthz reports.
   *
   * @param kafka the broker answered a metadata request (false without Kafka)
   * @param model the backend's model is loaded, or its upstream answers
   * @param detail a line for people, e.g. which part is down
   */
  public record Health(boolean kafka, boolean model, String detail) {
    public boolean ok() {
      return kafka && model;
    }
  }
}
