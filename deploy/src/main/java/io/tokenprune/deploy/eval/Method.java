package io.tokenprune.deploy.eval;

import io.tokenprune.schemas.policy.Granularity;

/**
 * One way of answering a needle prompt.
 *
 * @param layer the filter layer (GEMFILTER only, else -1)
 * @param k the token budget (0 for FULL)
 * @param granularity TOKEN or SENTENCE selection (GEMFILTER only, else null)
 */
record Method(Kind kind, int layer, int k, Granularity granularity) {
  enum Kind {
    /** The whole prompt. */
    FULL,
    /** GemFilter: layer-L scores, pooled, top-k (or best sentences), then a second pass. */
    GEMFILTER,
    /** The last k document tokens (StreamingLLM-like: what a recency window keeps). */
    RECENCY,
    /** k document tokens drawn at random (a floor: what selection without a signal gets). */
    RANDOM
  }

  static final Method FULL = new Method(Kind.FULL, -1, 0, null);

  static Method gemFilter(int layer, int k, Granularity granularity) {
    return new Method(Kind.GEMFILTER, layer, k, granularity);
  }

  static Method recency(int k) {
    return new Method(Kind.RECENCY, -1, k, null);
  }

  static Method random(int k) {
    return new Method(Kind.RANDOM, -1, k, null);
  }

  String label() {
    return switch (kind) {
      case FULL -> "full context";
      case GEMFILTER -> "GemFilter L=" + layer + " k=" + k + " " + granularity;
      case RECENCY -> "recency k=" + k;
      case RANDOM -> "random k=" + k;
    };
  }
}
