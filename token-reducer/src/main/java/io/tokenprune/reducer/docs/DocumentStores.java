package io.tokenprune.reducer.docs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The document path's three changelogged stores, typed: one header per document, its chunk texts
 * under {@code docId NUL seq}, and the questions waiting for a document under {@code docId NUL
 * offset} (so a document's waiting questions are read in arrival order). Keys sort as UTF-8 bytes,
 * and the zero-padded numbers keep their order.
 */
final class DocumentStores {
  static final String HEADERS = "doc-headers";
  static final String CHUNKS = "doc-chunks";
  static final String PENDING = "doc-pending";

  private static final char SEP = '\u0000';

  private final KeyValueStore<String, byte[]> headers;
  private final KeyValueStore<String, byte[]> chunks;
  private final KeyValueStore<String, byte[]> pending;

  DocumentStores(ProcessingContext context) {
    this.headers = context.getStateStore(HEADERS);
    this.chunks = context.getStateStore(CHUNKS);
    this.pending = context.getStateStore(PENDING);
  }

  /** A question waiting for its document, with when it arrived (wall clock). */
  record Waiting(String key, String docId, long arrivalMillis, byte[] request) {}

  DocumentHeader header(String docId) {
    byte[] b = headers.get(docId);
    return b == null ? null : DocumentHeader.fromBytes(b);
  }

  void putHeader(String docId, DocumentHeader h) {
    headers.put(docId, h.toBytes());
  }

  String chunk(String docId, int seq) {
    byte[] b = chunks.get(chunkKey(docId, seq));
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  void putChunk(String docId, int seq, String text) {
    chunks.put(chunkKey(docId, seq), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Chunks 0..count-1, read when iterated (a cache miss reads them, a hit never does). */
  Iterable<String> chunks(String docId, int count) {
    return () -> {
      List<String> texts = new ArrayList<>(count);
      try (KeyValueIterator<String, byte[]> it =
          chunks.range(chunkKey(docId, 0), chunkKey(docId, count - 1))) {
        while (it.hasNext()) {
          texts.add(new String(it.next().value, StandardCharsets.UTF_8));
        }
      }
      if (texts.size() != count) {
        throw new IllegalStateException(
            "document "
                + docId
                + " should have "
                + count
                + " chunks stored, found "
                + texts.size());
      }
      return texts.iterator();
    };
  }

  void deleteChunks(String docId, int maxSeq) {
    for (int seq = 0; seq <= maxSeq; seq++) {
      chunks.delete(chunkKey(docId, seq));
    }
  }

  void addWaiting(String docId, long offset, long arrivalMillis, byte[] request) {
    byte[] value =
        ByteBuffer.allocate(8 + request.length).putLong(arrivalMillis).put(request).array();
    pending.put(docId + SEP + String.format("%020d", offset), value);
  }

  /** The questions waiting for {@code docId}, oldest first. */
  List<Waiting> waiting(String docId) {
    return collect(
        pending.prefixScan(
            docId + SEP, new org.apache.kafka.common.serialization.StringSerializer()));
  }

  /** Every waiting question of this task. */
  List<Waiting> allWaiting() {
    return collect(pending.all());
  }

  void removeWaiting(String key) {
    pending.delete(key);
  }

  private static List<Waiting> collect(KeyValueIterator<String, byte[]> it) {
    List<Waiting> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        long arrival = b.getLong();
        byte[] request = new byte[b.remaining()];
        b.get(request);
        out.add(new Waiting(kv.key, kv.key.substring(0, kv.key.indexOf(SEP)), arrival, request));
      }
    }
    return out;
  }

  private static String chunkKey(String docId, int seq) {
    return docId + SEP + String.format("%010d", seq);
  }
}
