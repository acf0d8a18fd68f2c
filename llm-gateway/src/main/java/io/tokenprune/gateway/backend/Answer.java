package io.tokenprune.gateway.backend;

/**
 * A finished answer.
 *
 * @param finishReason "stop" (end of text or a stop string) or "length" (token budget or context)
 * @param promptTokens the prompt as the backend took it (before any inner merge)
 * @param innerMergedTokens visual tokens the inner merge folded away (0 without one)
 * @param kvCacheLength tokens the last layer's KV cache held at the end, or -1 when unknown
 *     (upstream)
 */
public record Answer(
    String text,
    String finishReason,
    int promptTokens,
    int completionTokens,
    int innerMergedTokens,
    int kvCacheLength) {}
