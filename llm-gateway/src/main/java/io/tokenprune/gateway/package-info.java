/**
 * The LLM gateway: an OpenAI-compatible HTTP API over the pruned contexts. {@link
 * io.tokenprune.gateway.Gateway} wires the backend, the live policy feed, the stream memory of
 * tp.video.compact, request-reply with the reducer over tp.qa.requests, and the HTTP server; {@link
 * io.tokenprune.gateway.GatewayConfig} and its parts configure it.
 */
package io.tokenprune.gateway;
