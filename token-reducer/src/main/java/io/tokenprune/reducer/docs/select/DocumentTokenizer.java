package io.tokenprune.reducer.docs.select;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.tokenprune.inference.model.ModelFormatException;
import io.tokenprune.inference.text.ChatTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model folder's {@code tokenizer.json}, used piecewise: each part of a prompt is tokenized on
 * its own without special tokens (a chat template spells them out), and document text comes back
 * with char offsets for sentence spans. Truncation and padding are off (DJL silently truncates to
 * 512 tokens by default). Thread-safe.
 */
public final class DocumentTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final Optional<ChatTemplate> chat;

  private DocumentTokenizer(HuggingFaceTokenizer tokenizer, Optional<ChatTemplate> chat) {
    this.tokenizer = tokenizer;
    this.chat = chat;
  }

  /**
   * @param chat the model's chat template (from {@code TextTokenizer.chatTemplate()}), or empty
   * @throws ModelFormatException when the folder has no tokenizer.json
   */
  public static DocumentTokenizer load(Path modelDir, Optional<ChatTemplate> chat)
      throws IOException {
    Path json = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new ModelFormatException(
          "no tokenizer.json in " + modelDir + ": document selection needs the model's tokenizer");
    }
    HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(json)
            .optTruncation(false)
            .optPadding(false)
            .optAddSpecialTokens(false)
            .build();
    return new DocumentTokenizer(hf, chat);
  }

  public Optional<ChatTemplate> chatTemplate() {
    return chat;
  }

  /**
   * @param addSpecialTokens add what the tokenizer's post-processor adds (BOS for Llama models)
   */
  public int[] encode(String text, boolean addSpecialTokens) {
    return ints(tokenizer.encode(text, addSpecialTokens, false).getIds());
  }

  /** Tokens of a document's text, no special tokens added, with their char offsets. */
  public TokenizedText tokenize(String text) {
    Encoding e = tokenizer.encode(text, false, false);
    int[] ids = ints(e.getIds());
    CharSpan[] spans = e.getCharTokenSpans();
    // The native side reports offsets in code points; Java strings index UTF-16 units.
    int[] starts = new int[ids.length];
    int codePoint = 0;
    int utf16 = 0;
    int previous = 0;
    for (int i = 0; i < ids.length; i++) {
      int cp = spans[i] == null ? -1 : spans[i].getStart();
      if (cp < codePoint) { // a span without offsets, or one that reaches back: keep the order
        starts[i] = previous;
        continue;
      }
      utf16 = text.offsetByCodePoints(utf16, cp - codePoint);
      codePoint = cp;
      starts[i] = utf16;
      previous = utf16;
    }
    return new TokenizedText(ids, starts);
  }

  /** The ids as text, special tokens skipped. */
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, true);
  }

  private static int[] ints(long[] ids) {
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
