package io.tokenprune.inference.train;

/**
 * One fact of a document and the question that asks for it.
 *
 * @param key what identifies the fact ("pass key", "blue door", "Oakridge")
 * @param sentence as written in the document, no leading space
 * @param question as asked after the document, e.g. "What is the code for the blue door?"
 * @param answer the text to copy, no leading space, e.g. "7412"
 */
public record Fact(FactKind kind, String key, String sentence, String question, String answer) {
  public Fact {
    if (kind == null || key == null || sentence == null || question == null || answer == null) {
      throw new IllegalArgumentException("every field of a fact is required");
    }
    if (!sentence.contains(" " + answer)) {
      throw new IllegalArgumentException(
          "the answer '" + answer + "' must appear in the sentence '" + sentence + "'");
    }
  }
}
