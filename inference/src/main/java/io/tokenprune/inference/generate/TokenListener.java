package io.tokenprune.inference.generate;

/** Receives each generated token as soon as it is sampled (stop tokens are not delivered). */
@FunctionalInterface
public interface TokenListener {
  TokenListener IGNORE = id -> true;

  /**
   * @return false to stop generating after this token
   */
  boolean onToken(int tokenId);
}
