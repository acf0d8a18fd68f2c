package io.tokenprune.gateway.backend;

import io.tokenprune.inference.text.ChatMessage;
import io.tokenprune.inference.text.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A chat prompt with a span of ready-made inputs at the start of the last user message, followed by
 * a separator and the question:
 *
 * <ul>
 *   <li>visual tokens, separator {@code "\n"}: where LLaVA puts its {@code <image>};
 *   <li>GemFilter's selected document tokens, separator {@code "\n\n"}: the reducer's default
 *       prompt template ({@code {document}\n\n{question}} as the user message), so that pass 2
 *       wraps the selection exactly as the selection scored it.
 * </ul>
 *
 * The conversation is rendered with the model's chat template around a unique sentinel, and the
 * text on each side is tokenized on its own (as LLaVA's {@code tokenizer_image_token} and the
 * reducer do), so no tokenizer merge straddles the span.
 *
 * @param head [h] ids before the span (with the BOS the template or the tokenizer adds)
 * @param tail [t] ids after it, t >= 1, ending where the assistant's answer begins
 */
record SpanPrompt(int[] head, int[] tail) {
  static final String VISUAL_SEPARATOR = "\n";
  static final String DOCUMENT_SEPARATOR = "\n\n";

  /**
   * @param messages a conversation whose last message is the user's question
   */
  static SpanPrompt split(TextTokenizer tokenizer, List<ChatMessage> messages, String separator) {
    String sentinel = "\uE000span-" + UUID.randomUUID() + "\uE000";
    List<ChatMessage> marked = new ArrayList<>(messages);
    ChatMessage last = marked.remove(marked.size() - 1);
    marked.add(new ChatMessage(last.role(), sentinel + separator + last.content()));
    String rendered;
    int[] head;
    if (tokenizer.chatTemplate().isPresent()) {
      rendered = tokenizer.chatTemplate().get().render(marked, true);
      head = withoutSpecials(tokenizer, rendered.substring(0, rendered.indexOf(sentinel)));
    } else {
      // TextTokenizer.encodeChat's fallback: the contents joined by blank lines, encoded with BOS
      rendered = marked.stream().map(ChatMessage::content).collect(Collectors.joining("\n\n"));
      head = tokenizer.encode(rendered.substring(0, rendered.indexOf(sentinel)));
    }
    int at = rendered.indexOf(sentinel);
    int[] tail = withoutSpecials(tokenizer, rendered.substring(at + sentinel.length()));
    return new SpanPrompt(head, tail);
  }

  /**
   * The ids of a text without the special tokens the tokenizer's post-processor adds around it
   * (TextTokenizer.encode always adds them): those are what it gives for the empty text, split into
   * the part in front and the part behind.
   */
  static int[] withoutSpecials(TextTokenizer tokenizer, String text) {
    int[] frame = tokenizer.encode("");
    int[] ids = tokenizer.encode(text);
    int front = 0;
    while (front < frame.length && front < ids.length && ids[front] == frame[front]) {
      front++;
    }
    int back = frame.length - front;
    return Arrays.copyOfRange(ids, front, Math.max(front, ids.length - back));
  }
}
