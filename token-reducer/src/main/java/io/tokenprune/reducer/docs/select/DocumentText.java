package io.tokenprune.reducer.docs.select;

import java.util.Arrays;

/**
 * A document's text and tokens as its chunks come in: the concatenated text, the concatenated token
 * ids of each chunk tokenized on its own, and each token's char offset in the whole text. Not
 * thread-safe; its owner (one document's task, or a cache entry under its lock) appends.
 */
public final class DocumentText {
  private final StringBuilder text = new StringBuilder();
  private int[] ids = new int[64];
  private int[] charStarts = new int[64];
  private int length;
  private int chunks;

  /** Appends one chunk, tokenized by {@link DocumentTokenizer#tokenize} from {@code chunkText}. */
  public void append(String chunkText, TokenizedText tokens) {
    int need = length + tokens.length();
    if (need > ids.length) {
      int capacity = Math.max(need, ids.length * 2);
      ids = Arrays.copyOf(ids, capacity);
      charStarts = Arrays.copyOf(charStarts, capacity);
    }
    int offset = text.length();
    for (int i = 0; i < tokens.length(); i++) {
      ids[length + i] = tokens.ids()[i];
      charStarts[length + i] = offset + tokens.charStarts()[i];
    }
    length = need;
    text.append(chunkText);
    chunks++;
  }

  /** Tokens so far. */
  public int length() {
    return length;
  }

  /** Chunks appended so far. */
  public int chunks() {
    return chunks;
  }

  public int id(int i) {
    return ids[i];
  }

  /** [length] copies. */
  public int[] ids() {
    return Arrays.copyOf(ids, length);
  }

  public int[] charStarts() {
    return Arrays.copyOf(charStarts, length);
  }

  public CharSequence text() {
    return text;
  }

  /** Heap bytes held: ids and offsets at capacity, and the text's chars. */
  public long bytes() {
    return 8L * ids.length + 2L * text.capacity();
  }
}
