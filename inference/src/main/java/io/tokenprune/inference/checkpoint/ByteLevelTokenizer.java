package io.tokenprune.inference.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Hugging Face {@code tokenizer.json} whose tokens are the 256 bytes (ids 0..255, in GPT-2's
 * byte-to-unicode spelling, with no merges), followed by special tokens: {@code <s>} (256, added in
 * front of every encoded text), {@code </s>} (257), and ChatML's {@code <|im_start|>} (258) and
 * {@code <|im_end|>} (259). Any UTF-8 text round-trips.
 */
public final class ByteLevelTokenizer {
  public static final int BOS = 256;
  public static final int EOS = 257;
  public static final int IM_START = 258;
  public static final int IM_END = 259;

  /** Ids a vocabulary needs for every special token. */
  public static final int VOCAB = 260;

  static final List<String> SPECIALS = List.of("<s>", "</s>", "<|im_start|>", "<|im_end|>");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ByteLevelTokenizer() {}

  /** The tokenizer.json text. */
  public static String tokenizerJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIALS.size(); i++) {
      added
          .addObject()
          .put("id", BOS + i)
          .put("content", SPECIALS.get(i))
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel());
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
    bos.put("id", "<s>");
    bos.putArray("ids").add(BOS);
    bos.putArray("tokens").add("<s>");
    root.set("decoder", byteLevel());
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    int[] unicode = byteToUnicode();
    for (int b = 0; b < 256; b++) {
      vocab.put(new String(Character.toChars(unicode[b])), b);
    }
    model.putArray("merges");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** tokenizer_config.json text, with a chat template when one is given. */
  public static String tokenizerConfigJson(String chatTemplate, int maxLength) {
    ObjectNode root = JSON.createObjectNode();
    root.put("tokenizer_class", "PreTrainedTokenizerFast");
    root.put("bos_token", "<s>");
    root.put("eos_token", "</s>");
    root.put("model_max_length", maxLength);
    if (chatTemplate != null) {
      root.put("chat_template", chatTemplate);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode byteLevel() {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "ByteLevel");
    n.put("add_prefix_space", false);
    n.put("trim_offsets", true);
    n.put("use_regex", true);
    return n;
  }

  /**
   * GPT-2's printable spelling of bytes: printable Latin-1 bytes stand for themselves, the other 68
   * map to code points 256 and up, in byte order.
   */
  static int[] byteToUnicode() {
    int[] map = new int[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      map[b] = printable ? b : next++;
    }
    return map;
  }
}
