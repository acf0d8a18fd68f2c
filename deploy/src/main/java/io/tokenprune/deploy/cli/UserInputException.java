package io.tokenprune.deploy.cli;

/** Bad input from the user; the CLI prints its one-line message and exits 2. */
public final class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
