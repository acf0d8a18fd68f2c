package io.tokenprune.reducer.docs.select;

/**
 * One document prefilled at one filter layer: its text and tokens, and the prefix (template head
 * plus the document's tokens) on the model. Grows chunk by chunk; {@link #chunks()} says how many
 * of the document's chunks it holds, so a stale entry (a chunk missed while it was evicted) is
 * recognised and recomputed.
 */
public final class CachedDocument implements AutoCloseable {
  private final int headLength;
  private DocumentText text = new DocumentText();
  private final DocumentPrefix prefix;

  /**
   * @param headIds the template head, prefilled at once
   */
  CachedDocument(DocumentPrefix prefix, int[] headIds) {
    this.prefix = prefix;
    this.headLength = headIds.length;
    prefix.extend(headIds);
  }

  /** Appends a chunk: its tokens go through layers 0..L-1 now. */
  synchronized void append(String chunkText, TokenizedText tokens) {
    prefix.reserve(prefix.length() + tokens.length()); // a first chunk needs no regrowth
    prefix.extend(tokens.ids());
    text.append(chunkText, tokens);
  }

  /** Adopts a whole document read at once (a recompute): all its tokens in one pass. */
  synchronized void appendAll(DocumentText whole) {
    if (text.chunks() > 0) {
      throw new IllegalStateException("appendAll needs an entry that holds no chunk yet");
    }
    prefix.extend(whole.ids());
    text = whole;
  }

  public int layer() {
    return prefix.layer();
  }

  public int headLength() {
    return headLength;
  }

  public synchronized int chunks() {
    return text.chunks();
  }

  synchronized DocumentText text() {
    return text;
  }

  DocumentPrefix prefix() {
    return prefix;
  }

  /** Native bytes of the prefix plus heap bytes of the text and ids. */
  public synchronized long bytes() {
    return prefix.bytes() + text.bytes();
  }

  @Override
  public void close() {
    prefix.close();
  }
}
