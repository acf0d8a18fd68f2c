/**
 * Document ingest: {@link io.tokenprune.ingest.doc.DocumentReader} turns .txt/.md (strict UTF-8)
 * and .pdf (PDFBox) into text, {@link io.tokenprune.ingest.doc.DocumentChunker} cuts it into {@code
 * DocumentChunk} records of at most 900 KB of UTF-8 each, and {@link
 * io.tokenprune.ingest.doc.DocumentIngest} sends them.
 */
package io.tokenprune.ingest.doc;
