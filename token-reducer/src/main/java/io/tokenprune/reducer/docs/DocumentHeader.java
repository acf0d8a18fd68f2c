package io.tokenprune.reducer.docs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the reducer knows of one document, kept in a changelogged store beside its chunks.
 *
 * @param applied chunks 0..applied-1 are stored and were handed to the prefix cache in order
 * @param lastSeq the seq of the chunk marked last, or -1 while it has not arrived
 * @param maxSeq the highest seq stored, or -1
 * @param tokens tokens of every chunk stored, in or out of order
 * @param error why the document was rejected, or null
 */
record DocumentHeader(int applied, int lastSeq, int maxSeq, long tokens, String error) {
  private static final byte FORMAT = 1;

  static final DocumentHeader EMPTY = new DocumentHeader(0, -1, -1, 0, null);

  /** Every chunk up to the last one has arrived. */
  boolean complete() {
    return error == null && lastSeq >= 0 && applied == lastSeq + 1;
  }

  int chunkCount() {
    return lastSeq + 1;
  }

  DocumentHeader withChunk(int seq, boolean last, long chunkTokens) {
    return new DocumentHeader(
        applied, last ? seq : lastSeq, Math.max(maxSeq, seq), tokens + chunkTokens, error);
  }

  DocumentHeader withApplied(int n) {
    return new DocumentHeader(n, lastSeq, maxSeq, tokens, error);
  }

  DocumentHeader rejected(String reason, long tokensSeen) {
    return new DocumentHeader(applied, lastSeq, maxSeq, tokensSeen, reason);
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(applied);
      out.writeInt(lastSeq);
      out.writeInt(maxSeq);
      out.writeLong(tokens);
      out.writeBoolean(error != null);
      if (error != null) {
        out.writeUTF(error.length() > 8000 ? error.substring(0, 8000) : error);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static DocumentHeader fromBytes(byte[] b) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("unknown document header format " + format);
      }
      return new DocumentHeader(
          in.readInt(),
          in.readInt(),
          in.readInt(),
          in.readLong(),
          in.readBoolean() ? in.readUTF() : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
