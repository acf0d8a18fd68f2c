package io.tokenprune.gateway.api;

/**
 * Bounds on one chat request.
 *
 * @param maxBodyBytes largest request body accepted; larger gets 413
 * @param maxMessages most messages in one request; more gets 413
 * @param defaultMaxTokens completion tokens when the request sets no max_tokens
 * @param maxTokensCap the largest max_tokens a request may ask for
 */
public record RequestLimits(
    long maxBodyBytes, int maxMessages, int defaultMaxTokens, int maxTokensCap) {
  public RequestLimits {
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + maxBodyBytes);
    }
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be >= 1, got " + maxMessages);
    }
    if (defaultMaxTokens < 1 || maxTokensCap < defaultMaxTokens) {
      throw new IllegalArgumentException(
          "need 1 <= defaultMaxTokens <= maxTokensCap, got "
              + defaultMaxTokens
              + " and "
              + maxTokensCap);
    }
  }

  /** 4 MiB bodies, 256 messages, 256 tokens by default and at most 4096. */
  public static RequestLimits defaults() {
    return new RequestLimits(4L << 20, 256, 256, 4096);
  }
}
