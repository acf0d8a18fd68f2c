/**
 * The OpenAI wire format: the chat request with its {@code tokenprune} extension, the completion,
 * chunk and error shapes, and the error type every failure becomes. No HTTP server code.
 */
package io.tokenprune.gateway.api;
