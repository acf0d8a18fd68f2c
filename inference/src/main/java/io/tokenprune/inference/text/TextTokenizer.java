package io.tokenprune.inference.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.inference.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model folder's tokenizer: {@code tokenizer.json} loaded offline from the local path, with
 * truncation and padding off (DJL's default silently truncates to 512 tokens), plus the chat
 * template from {@code tokenizer_config.json} when one is present and recognised. Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TextTokenizer.class);

  private final HuggingFaceTokenizer tokenizer;
  private final Optional<ChatTemplate> chatTemplate;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, Optional<ChatTemplate> chatTemplate) {
    this.tokenizer = tokenizer;
    this.chatTemplate = chatTemplate;
  }

  /**
   * @throws ModelFormatException when the folder has no tokenizer.json
   */
  public static TextTokenizer load(Path modelDir) throws IOException {
    Path json = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new ModelFormatException("no tokenizer.json in " + modelDir);
    }
    HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(json)
            .optTruncation(false)
            .optPadding(false)
            .optAddSpecialTokens(true)
            .build();
    return new TextTokenizer(hf, readTemplate(modelDir.resolve("tokenizer_config.json")));
  }

  private static Optional<ChatTemplate> readTemplate(Path config) throws IOException {
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    JsonNode root = new ObjectMapper().readTree(config.toFile());
    JsonNode template = root.path("chat_template");
    if (template.isArray()) { // named templates: use "default"
      JsonNode chosen = null;
      for (JsonNode t : template) {
        if (t.path("name").asText().equals("default")) {
          chosen = t.path("template");
        }
      }
      template = chosen == null ? template.path(0).path("template") : chosen;
    }
    if (!template.isTextual()) {
      return Optional.empty();
    }
    Optional<ChatTemplate> recognised =
        ChatTemplate.recognise(
            template.asText(), tokenText(root, "bos_token"), tokenText(root, "eos_token"));
    if (recognised.isEmpty()) {
      LOG.warn(
          "{} has a chat template of no known family (Llama 3, ChatML, Mistral); chat prompts will"
              + " be plain text",
          config);
    }
    return recognised;
  }

  /** A special token given as a string or as {"content": ...}. */
  private static String tokenText(JsonNode root, String field) {
    JsonNode n = root.path(field);
    return n.isTextual() ? n.asText() : n.path("content").asText("");
  }

  /** Tokenizes plain text, adding the special tokens the tokenizer's post-processor adds (BOS). */
  public int[] encode(String text) {
    return toInts(tokenizer.encode(text, true, false));
  }

  /**
   * Tokenizes a conversation through the chat template; with no recognised template, the contents
   * joined by blank lines, as plain text.
   *
   * @param addGenerationPrompt end with the assistant header, ready for the model to answer
   */
  public int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
    if (chatTemplate.isPresent()) {
      String rendered = chatTemplate.get().render(messages, addGenerationPrompt);
      return toInts(tokenizer.encode(rendered, false, false));
    }
    return encode(messages.stream().map(ChatMessage::content).collect(Collectors.joining("\n\n")));
  }

  /** Decodes ids to text, skipping special tokens. */
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, true);
  }

  public Optional<ChatTemplate> chatTemplate() {
    return chatTemplate;
  }

  private static int[] toInts(Encoding e) {
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
