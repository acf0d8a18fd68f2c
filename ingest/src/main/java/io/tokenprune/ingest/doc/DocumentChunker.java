package io.tokenprune.ingest.doc;

import io.tokenprune.schemas.DocumentChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text into pieces whose UTF-8 encodings are each at most {@code maxBytes}, cutting only
 * between code points (never inside a surrogate pair), and filling each piece as far as it goes.
 * Concatenating the pieces gives the text back exactly.
 *
 * <p>An empty text gives one empty piece, so every document, even an empty one, ends with a {@code
 * last=true} chunk that tells consumers it is complete.
 *
 * <p>Code points cost their UTF-8 length: 1 byte below U+0080, 2 below U+0800, 3 below U+10000, 4
 * above. An unpaired surrogate (possible in a Java String, never in decoded UTF-8) is counted as 3
 * bytes, an upper bound: Java's encoder writes it as a 1-byte '?'.
 */
public final class DocumentChunker {
  /** 900 KB: the DocumentChunk limit, leaving room under Kafka's 1 MiB default record limit. */
  public static final int DEFAULT_MAX_BYTES = 900_000;

  private DocumentChunker() {}

  /**
   * The pieces of {@code text}.
   *
   * @param maxBytes at least 4, so that any code point fits
   */
  public static List<String> split(String text, int maxBytes) {
    if (maxBytes < 4) {
      throw new IllegalArgumentException(
          "maxBytes must be >= 4 (the longest UTF-8 code point), got " + maxBytes);
    }
    List<String> pieces = new ArrayList<>();
    int start = 0; // char index where the current piece begins
    long bytes = 0; // UTF-8 length of text[start, i)
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int chars = 1;
      int cost;
      if (c < 0x80) {
        cost = 1;
      } else if (c < 0x800) {
        cost = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        cost = 4;
        chars = 2;
      } else {
        cost = 3;
      }
      if (bytes + cost > maxBytes) {
        pieces.add(text.substring(start, i));
        start = i;
        bytes = 0;
      }
      bytes += cost;
      i += chars;
    }
    pieces.add(text.substring(start));
    return pieces;
  }

  /** The chunks of one document: seq from 0, {@code last=true} on the final one. */
  public static List<DocumentChunk> chunk(String docId, String text, int maxBytes) {
    if (docId == null || docId.isBlank()) {
      throw new IllegalArgumentException("docId must be non-blank, got '" + docId + "'");
    }
    List<String> pieces = split(text, maxBytes);
    List<DocumentChunk> chunks = new ArrayList<>(pieces.size());
    for (int seq = 0; seq < pieces.size(); seq++) {
      chunks.add(
          DocumentChunk.newBuilder()
              .setDocId(docId)
              .setSeq(seq)
              .setLast(seq == pieces.size() - 1)
              .setText(pieces.get(seq))
              .build());
    }
    return chunks;
  }
}
