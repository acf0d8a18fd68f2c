package io.tokenprune.gateway.metrics;

import java.util.function.DoubleSupplier;

/**
 * The gateway's metrics, on one {@link Prometheus} registry served at GET /metrics. Labels stay
 * low-cardinality: routes are templates ({@code /v1/streams/{id}/segments}), contexts are {@code
 * none}, {@code document} or {@code video}.
 */
public final class GatewayMetrics {
  private static final double[] SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private final Prometheus registry = new Prometheus();
  private final Prometheus.Counter requests =
      registry.counter(
          "tokenprune_gateway_requests_total",
          "HTTP requests by route and status.",
          "route",
          "status");
  private final Prometheus.Histogram requestSeconds =
      registry.histogram(
          "tokenprune_gateway_request_seconds", "HTTP request latency by route.", SECONDS, "route");
  private final Prometheus.Histogram firstToken =
      registry.histogram(
          "tokenprune_gateway_time_to_first_token_seconds",
          "From request arrival to the first answer text, by context.",
          SECONDS,
          "context");
  private final Prometheus.Histogram selection =
      registry.histogram(
          "tokenprune_gateway_selection_seconds",
          "Document context request-reply round trips, by outcome.",
          SECONDS,
          "outcome");
  private final Prometheus.Counter promptTokens =
      registry.counter(
          "tokenprune_gateway_prompt_tokens_total",
          "Prompt tokens sent to the backend, after pruning, by context.",
          "context");
  private final Prometheus.Counter originalTokens =
      registry.counter(
          "tokenprune_gateway_original_prompt_tokens_total",
          "Prompt tokens the requests would have had without pruning, by context.",
          "context");
  private final Prometheus.Counter completionTokens =
      registry.counter(
          "tokenprune_gateway_completion_tokens_total", "Tokens generated, by context.", "context");
  private final Prometheus.Counter mergedTokens =
      registry.counter(
          "tokenprune_gateway_inner_merged_tokens_total",
          "Visual tokens the inner merge folded away inside the model.");

  public GatewayMetrics() {}

  /** Adds a gauge read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value) {
    registry.gauge(name, help, value);
  }

  public Prometheus registry() {
    return registry;
  }

  public void request(String route, int status, double seconds) {
    requests.inc(1, route, Integer.toString(status));
    requestSeconds.observe(seconds, route);
  }

  public long requests(String route, int status) {
    return requests.get(route, Integer.toString(status));
  }

  public void firstToken(String context, double seconds) {
    firstToken.observe(seconds, context);
  }

  /**
   * @param outcome ok, error (the reducer answered with an error), timeout or failed
   */
  public void selection(String outcome, double seconds) {
    selection.observe(seconds, outcome);
  }

  public void answered(String context, long prompt, long original, long completion, long merged) {
    promptTokens.inc(prompt, context);
    originalTokens.inc(original, context);
    completionTokens.inc(completion, context);
    mergedTokens.inc(merged);
  }

  /** The text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
