package io.tokenprune.deploy.topics;

/** The broker refused a topic change; the message is the broker's own, with what was attempted. */
public final class TopicsException extends Exception {
  public TopicsException(String message) {
    super(message);
  }

  public TopicsException(String message, Throwable cause) {
    super(message, cause);
  }
}
