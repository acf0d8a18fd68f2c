package io.tokenprune.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTest {
  @Test
  void writesTheTextFormat() {
    Prometheus p = new Prometheus();
    Prometheus.Counter c = p.counter("x_total", "Things.", "route", "status");
    Prometheus.Histogram h = p.histogram("y_seconds", "Latency.", new double[] {0.1, 1}, "route");
    p.gauge("z", "Level.", () -> 2.5);
    c.inc(2, "/v1/a", "200");
    c.inc(1, "/v1/\"b\"", "500");
    h.observe(0.05, "/v1/a");
    h.observe(0.5, "/v1/a");
    h.observe(5, "/v1/a");
    assertThat(p.scrape())
        .isEqualTo(
            """
            # HELP x_total Things.
            # TYPE x_total counter
            x_total{route="/v1/\\"b\\"",status="500"} 1
            x_total{route="/v1/a",status="200"} 2
            # HELP y_seconds Latency.
            # TYPE y_seconds histogram
            y_seconds_bucket{route="/v1/a",le="0.1"} 1
            y_seconds_bucket{route="/v1/a",le="1"} 2
            y_seconds_bucket{route="/v1/a",le="+Inf"} 3
            y_seconds_sum{route="/v1/a"} 5.55
            y_seconds_count{route="/v1/a"} 3
            # HELP z Level.
            # TYPE z gauge
            z 2.5
            """);
  }

  @Test
  void refusesBadNamesLabelsAndDuplicates() {
    Prometheus p = new Prometheus();
    Prometheus.Counter c = p.counter("a_total", "A.", "x");
    assertThatThrownBy(() -> c.inc(1)).hasMessageContaining("takes labels [x]");
    assertThatThrownBy(() -> p.counter("a_total", "again"))
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> p.gauge("1bad", "B.", () -> 0))
        .hasMessageContaining("invalid metric name");
  }
}
