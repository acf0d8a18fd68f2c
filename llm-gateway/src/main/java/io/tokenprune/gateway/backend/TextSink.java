package io.tokenprune.gateway.backend;

/** Receives an answer's text as it is generated, in pieces that concatenate to the whole. */
@FunctionalInterface
public interface TextSink {
  TextSink IGNORE = delta -> true;

  /**
   * @param delta the next piece, never empty
   * @return false to stop generating (the client went away)
   */
  boolean onText(String delta);
}
