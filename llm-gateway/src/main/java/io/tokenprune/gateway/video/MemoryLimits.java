package io.tokenprune.gateway.video;

import java.time.Duration;

/**
 * Bounds of the gateway's stream memory.
 *
 * @param maxTokensPerStream compact tokens kept per stream; the oldest segments go first, but the
 *     newest segment always stays, even alone above the bound
 * @param maxAge segments whose record is older than this (wall clock) are dropped
 * @param maxStreams streams held; the one updated longest ago goes first
 */
public record MemoryLimits(long maxTokensPerStream, Duration maxAge, int maxStreams) {
  public MemoryLimits {
    if (maxTokensPerStream < 1) {
      throw new IllegalArgumentException(
          "maxTokensPerStream must be >= 1, got " + maxTokensPerStream);
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be a positive duration, got " + maxAge);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams must be >= 1, got " + maxStreams);
    }
  }

  /** 100k tokens per stream (about 2,000 frames at 10% of 256), 30 minutes, 1,000 streams. */
  public static MemoryLimits defaults() {
    return new MemoryLimits(100_000, Duration.ofMinutes(30), 1000);
  }
}
