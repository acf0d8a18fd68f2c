package io.tokenprune.inference.generate;

/** Why decoding ended. */
public enum StopReason {
  /** A stop token was sampled (it is not part of the output). */
  STOP_TOKEN,
  /** The token budget was reached. */
  MAX_TOKENS,
  /** The listener asked to stop. */
  CANCELLED,
  /** The next position would reach max_position_embeddings. */
  CONTEXT_FULL
}
