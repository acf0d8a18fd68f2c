package io.tokenprune.reducer.docs.select;

import io.tokenprune.inference.text.ChatMessage;
import io.tokenprune.inference.text.ChatTemplate;
import java.util.List;
import java.util.Optional;

/**
 * How a document and a question become one prompt: a format with one {@code {document}} and, after
 * it, one {@code {question}}, e.g. {@value #DEFAULT}. When the model's tokenizer has a chat
 * template, the formatted text is the user message of a one-turn chat with the assistant header
 * appended; otherwise it is plain text after the tokenizer's BOS.
 *
 * @param format the user message, with the two placeholders in that order
 */
public record PromptTemplate(String format) {
  public static final String DOCUMENT = "{document}";
  public static final String QUESTION = "{question}";
  public static final String DEFAULT = DOCUMENT + "\n\n" + QUESTION;

  // private-use characters: no chat template writes them, so they mark where the parts go
  private static final String DOC_MARK = "\uE000d\uE000";
  private static final String QUESTION_MARK = "\uE000q\uE000";

  public PromptTemplate {
    if (format == null) {
      throw new IllegalArgumentException("prompt template must not be null");
    }
    int d = format.indexOf(DOCUMENT);
    int q = format.indexOf(QUESTION);
    if (d < 0
        || q < 0
        || format.indexOf(DOCUMENT, d + 1) >= 0
        || format.indexOf(QUESTION, q + 1) >= 0) {
      throw new IllegalArgumentException(
          "prompt template must hold {document} and {question} once each, got '" + format + "'");
    }
    if (q < d + DOCUMENT.length()) {
      throw new IllegalArgumentException(
          "prompt template must put {document} before {question} (the document is the cached"
              + " prefix), got '"
              + format
              + "'");
    }
  }

  public static PromptTemplate defaults() {
    return new PromptTemplate(DEFAULT);
  }

  /**
   * The template's text around the document and the question, rendered through the chat template
   * when there is one.
   */
  public Layout layout(Optional<ChatTemplate> chat) {
    String content = format.replace(DOCUMENT, DOC_MARK).replace(QUESTION, QUESTION_MARK);
    String rendered =
        chat.map(c -> c.render(List.of(ChatMessage.user(content)), true)).orElse(content);
    int d = rendered.indexOf(DOC_MARK);
    int q = rendered.indexOf(QUESTION_MARK);
    if (d < 0 || q < d) {
      throw new IllegalStateException("the chat template lost the prompt's placeholders");
    }
    return new Layout(
        rendered.substring(0, d),
        rendered.substring(d + DOC_MARK.length(), q),
        rendered.substring(q + QUESTION_MARK.length()),
        chat.isEmpty());
  }

  /**
   * The fixed text of a prompt: {@code head + document + beforeQuestion + question +
   * afterQuestion}.
   *
   * @param plain no chat template: the head is tokenized with the tokenizer's special tokens (BOS),
   *     whereas a rendered chat already spells its special tokens out
   */
  public record Layout(String head, String beforeQuestion, String afterQuestion, boolean plain) {}
}
