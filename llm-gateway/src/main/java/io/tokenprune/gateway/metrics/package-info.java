/**
 * Metrics in the Prometheus text format, served at GET /metrics: a small registry of counters,
 * histograms and gauges, and the gateway's metric set.
 */
package io.tokenprune.gateway.metrics;
