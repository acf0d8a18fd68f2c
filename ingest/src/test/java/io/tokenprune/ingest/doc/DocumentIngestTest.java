package io.tokenprune.ingest.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.ingest.CollectingSink;
import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentIngestTest {
  @TempDir Path dir;

  @Test
  void sendsEveryChunkKeyedByDocIdAndFlushes() throws Exception {
    String text = "Ünïcödé 😀 text. ".repeat(60_000); // 23 bytes each, 1.38 MB of UTF-8
    Path file = Files.writeString(dir.resolve("long.md"), text, StandardCharsets.UTF_8);
    CollectingSink<DocumentChunk> sink = new CollectingSink<>(RecordSerdes.documentChunk());
    IngestStats stats =
        new DocumentIngest(sink, DocumentChunker.DEFAULT_MAX_BYTES, ProgressBar.silent())
            .ingest("doc-7", file);

    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    assertThat(stats.sent()).isEqualTo(2);
    assertThat(stats.bytes()).isEqualTo(bytes);
    assertThat(stats.skipped()).isZero();
    assertThat(sink.keys()).containsExactly("doc-7", "doc-7");
    assertThat(sink.values()).extracting(DocumentChunk::getLast).containsExactly(false, true);
    assertThat(sink.values().stream().map(DocumentChunk::getText).collect(Collectors.joining()))
        .isEqualTo(text);
    assertThat(sink.serializedSizes()).allSatisfy(n -> assertThat(n).isLessThan(1_000_000));
    assertThat(sink.flushes()).isEqualTo(1);
  }

  @Test
  void aSinkFailureSurfaces() {
    CollectingSink<DocumentChunk> sink =
        new CollectingSink<>(RecordSerdes.documentChunk()).failFrom(1);
    assertThatThrownBy(
            () ->
                new DocumentIngest(sink, 10, ProgressBar.silent()).ingestText("d", "x".repeat(25)))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.reason()).isEqualTo(IngestException.Reason.SINK_FAILED));
  }

  @Test
  void rejectsChunkLimitsOutsideTheRecordBudget() {
    CollectingSink<DocumentChunk> sink = new CollectingSink<>(RecordSerdes.documentChunk());
    assertThatThrownBy(() -> new DocumentIngest(sink, 900_001, ProgressBar.silent()))
        .hasMessageContaining("got 900001");
  }
}
