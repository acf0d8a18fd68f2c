package io.tokenprune.schemas.policy;

/** What GemFilter keeps from a document: single tokens, or whole sentences. */
public enum Granularity {
  /** The top-k tokens by score, in their original order. */
  TOKEN,
  /** Token scores summed per sentence; whole sentences are kept (for a text-only upstream LLM). */
  SENTENCE
}
