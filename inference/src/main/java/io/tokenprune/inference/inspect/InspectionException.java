package io.tokenprune.inference.inspect;

/**
 * Input an inspection command cannot run on: a bad model folder, ids outside the vocabulary, a
 * malformed id list, text for a folder without a tokenizer, a layer out of range. The CLI prints
 * the message and exits with status 2.
 */
public class InspectionException extends Exception {
  public InspectionException(String message) {
    super(message);
  }

  public InspectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
