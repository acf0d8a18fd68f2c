package io.tokenprune.reducer.frame;

/** A frame that cannot be decoded; its message is the DLQ reason. */
public final class BadFrameException extends Exception {
  public BadFrameException(String message) {
    super(message);
  }
}
