/**
 * The HTTP server (Javalin on Jetty 11): routes, API keys, body and concurrency limits, SSE, and
 * graceful shutdown. It answers with whatever {@link io.tokenprune.gateway.http.GatewayServices} it
 * is given, so it runs with or without Kafka.
 */
package io.tokenprune.gateway.http;
