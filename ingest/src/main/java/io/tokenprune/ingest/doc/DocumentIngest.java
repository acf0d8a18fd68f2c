package io.tokenprune.ingest.doc;

import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.RecordSink;
import io.tokenprune.schemas.DocumentChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The document pipeline: read, chunk, send every chunk keyed by docId, then wait until the sink
 * acknowledged all of them.
 */
public final class DocumentIngest {
  private final RecordSink<DocumentChunk> sink;
  private final int maxChunkBytes;
  private final ProgressBar progress;

  /**
   * @param maxChunkBytes UTF-8 bytes per chunk, normally {@link DocumentChunker#DEFAULT_MAX_BYTES}
   */
  public DocumentIngest(RecordSink<DocumentChunk> sink, int maxChunkBytes, ProgressBar progress) {
    if (maxChunkBytes < 4 || maxChunkBytes > DocumentChunker.DEFAULT_MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxChunkBytes must be in [4, "
              + DocumentChunker.DEFAULT_MAX_BYTES
              + "], got "
              + maxChunkBytes);
    }
    this.sink = Objects.requireNonNull(sink, "sink");
    this.maxChunkBytes = maxChunkBytes;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Reads {@code file} with {@link DocumentReader} and sends its chunks under {@code docId}. */
  public IngestStats ingest(String docId, Path file) {
    long start = System.nanoTime();
    return send(docId, DocumentReader.read(file), start);
  }

  /** Sends {@code text} as the chunks of {@code docId}. */
  public IngestStats ingestText(String docId, String text) {
    return send(docId, text, System.nanoTime());
  }

  private IngestStats send(String docId, String text, long start) {
    List<DocumentChunk> chunks = DocumentChunker.chunk(docId, text, maxChunkBytes);
    long sent = 0;
    long bytes = 0;
    try {
      for (DocumentChunk chunk : chunks) {
        sink.send(docId, chunk);
        sent++;
        bytes += chunk.getText().getBytes(StandardCharsets.UTF_8).length;
        progress.update(sent, bytes);
      }
      sink.flush();
    } finally {
      progress.finish(sent, bytes);
    }
    return new IngestStats(sent, 0, bytes, Duration.ofNanos(System.nanoTime() - start));
  }
}
