package io.tokenprune.inference.train;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenprune.inference.checkpoint.ByteLevelTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model folder's tokenizer.json used piece by piece, as the corpus builds sequences: no special
 * tokens added (the corpus places BOS and EOS itself), truncation and padding off. Thread-safe.
 */
public final class CorpusTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int vocabSize;

  private CorpusTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize) {
    this.tokenizer = tokenizer;
    this.vocabSize = vocabSize;
  }

  /** Loads {@code dir/tokenizer.json}. */
  public static CorpusTokenizer load(Path dir) throws IOException {
    Path json = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new IOException("no tokenizer.json in " + dir);
    }
    HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(json)
            .optTruncation(false)
            .optPadding(false)
            .optAddSpecialTokens(false)
            .build();
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    int ids = 0;
    for (JsonNode id : root.path("model").path("vocab")) {
      ids = Math.max(ids, id.asInt() + 1);
    }
    for (JsonNode added : root.path("added_tokens")) {
      ids = Math.max(ids, added.path("id").asInt() + 1);
    }
    return new CorpusTokenizer(hf, ids);
  }

  /** Token ids of the text, no special tokens. */
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** The text of the ids, special tokens skipped. */
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, true);
  }

  public int bos() {
    return ByteLevelTokenizer.BOS;
  }

  public int eos() {
    return ByteLevelTokenizer.EOS;
  }

  /** Ids in the tokenizer, special tokens included. */
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
