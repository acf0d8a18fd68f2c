package io.tokenprune.inference.train;

/**
 * One fact of a document and the question that asks for it.
 *
 * @param key what identifies the fact ("pass key", "blue door", "Oakridge")
 * @param sentence as written in the document, no leading space
 * @param question as asked after the document, e.g. "What is the code for the blue door?"
 * @param answer the value to copy, no leading space, e.g. "7412"
 * @param reply the model's whole answer: the fact restated as the document has it, e.g. "The code
 *     for the blue door is 7412." Restating makes the lookup plain induction (continue the
 *     document's own words after the key), which a small model learns far sooner than jumping from
 *     the question to the value.
 */
public record Fact(
    FactKind kind, String key, String sentence, String question, String answer, String reply) {
  public Fact {
    if (kind == null
        || key == null
        || sentence == null
        || question == null
        || answer == null
        || reply == null) {
      throw new IllegalArgumentException("every field of a fact is required");
    }
    if (!sentence.contains(" " + answer) || !sentence.startsWith(reply.replace(".", ""))) {
      throw new IllegalArgumentException(
          "the answer '"
              + answer
              + "' and the reply '"
              + reply
              + "' must come from the sentence '"
              + sentence
              + "'");
    }
  }
}
