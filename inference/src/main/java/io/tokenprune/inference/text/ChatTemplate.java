package io.tokenprune.inference.text;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's chat format, recognised from its Jinja {@code chat_template}. Java has no Jinja engine,
 * so rather than interpret templates we recognise the three families of the supported models by
 * their markers and render them in Java: Llama 3 headers, ChatML (Qwen2) and Mistral's [INST].
 * Default system prompts written in the template (Qwen's "You are a helpful assistant.", Llama
 * 3.1's knowledge-cutoff header) are extracted from it. Tool calls and other template branches are
 * not rendered; a template from no known family gives {@link Optional#empty()}.
 */
public final class ChatTemplate {
  /** The recognised families. */
  public enum Family {
    LLAMA3,
    CHATML,
    MISTRAL
  }

  private static final Pattern CHATML_SYSTEM =
      Pattern.compile("<\\|im_start\\|>system(?:\\\\n|\n)([^'\"{}+]*?)<\\|im_end\\|>");
  private static final Pattern LLAMA31_DATE = Pattern.compile("date_string\\s*=\\s*\"([^\"]+)\"");

  private final Family family;
  private final String bosToken;
  private final String eosToken;
  private final String defaultSystem; // null: none
  private final String llamaPreamble; // Llama 3.1's system header lines, or null

  private ChatTemplate(
      Family family, String bos, String eos, String defaultSystem, String llamaPreamble) {
    this.family = family;
    this.bosToken = bos;
    this.eosToken = eos;
    this.defaultSystem = defaultSystem;
    this.llamaPreamble = llamaPreamble;
  }

  /**
   * @param jinja the template text
   * @param bosToken the tokenizer's bos token text ("" if none)
   * @param eosToken the tokenizer's eos token text ("" if none)
   */
  public static Optional<ChatTemplate> recognise(String jinja, String bosToken, String eosToken) {
    if (jinja.contains("<|start_header_id|>")) {
      String preamble = null;
      if (jinja.contains("Cutting Knowledge Date")) {
        Matcher date = LLAMA31_DATE.matcher(jinja);
        preamble =
            "Cutting Knowledge Date: December 2023\nToday Date: "
                + (date.find() ? date.group(1) : "26 Jul 2024")
                + "\n\n";
      }
      return Optional.of(new ChatTemplate(Family.LLAMA3, bosToken, eosToken, null, preamble));
    }
    if (jinja.contains("<|im_start|>")) {
      Matcher m = CHATML_SYSTEM.matcher(jinja);
      String system = m.find() ? m.group(1).replace("\\n", "\n") : null;
      return Optional.of(new ChatTemplate(Family.CHATML, bosToken, eosToken, system, null));
    }
    if (jinja.contains("[INST]")) {
      return Optional.of(new ChatTemplate(Family.MISTRAL, bosToken, eosToken, null, null));
    }
    return Optional.empty();
  }

  public Family family() {
    return family;
  }

  /**
   * The prompt text, special tokens written out; tokenize it without adding special tokens.
   *
   * @param addGenerationPrompt end with the header that opens the assistant's reply
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return switch (family) {
      case LLAMA3 -> llama3(messages, addGenerationPrompt);
      case CHATML -> chatml(messages, addGenerationPrompt);
      case MISTRAL -> mistral(messages);
    };
  }

  private String llama3(List<ChatMessage> messages, boolean generation) {
    StringBuilder sb = new StringBuilder(bosToken);
    int first = 0;
    if (llamaPreamble != null) {
      String system = "";
      if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
        system = messages.get(0).content().trim();
        first = 1;
      }
      sb.append(header("system")).append(llamaPreamble).append(system).append("<|eot_id|>");
    }
    for (ChatMessage m : messages.subList(first, messages.size())) {
      sb.append(header(m.role())).append(m.content().trim()).append("<|eot_id|>");
    }
    if (generation) {
      sb.append(header("assistant"));
    }
    return sb.toString();
  }

  private static String header(String role) {
    return "<|start_header_id|>" + role + "<|end_header_id|>\n\n";
  }

  private String chatml(List<ChatMessage> messages, boolean generation) {
    StringBuilder sb = new StringBuilder();
    if (defaultSystem != null && (messages.isEmpty() || !messages.get(0).role().equals("system"))) {
      sb.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
    }
    for (ChatMessage m : messages) {
      sb.append("<|im_start|>")
          .append(m.role())
          .append('\n')
          .append(m.content())
          .append("<|im_end|>\n");
    }
    if (generation) {
      sb.append("<|im_start|>assistant\n");
    }
    return sb.toString();
  }

  /** System text is prepended to the first user turn, as Mistral's templates do. */
  private String mistral(List<ChatMessage> messages) {
    StringBuilder sb = new StringBuilder(bosToken);
    String system = null;
    for (ChatMessage m : messages) {
      switch (m.role()) {
        case "system" -> system = m.content();
        case "user" -> {
          String content = system == null ? m.content() : system + "\n\n" + m.content();
          system = null;
          sb.append("[INST] ").append(content).append(" [/INST]");
        }
        default -> sb.append(m.content()).append(eosToken);
      }
    }
    return sb.toString();
  }
}
