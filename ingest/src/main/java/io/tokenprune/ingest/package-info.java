/**
 * Ingest: turns video (files, RTSP/HTTP URLs, a generated test pattern) and documents (txt, md,
 * pdf) into {@code VideoFrame} and {@code DocumentChunk} records and hands them to a {@link
 * io.tokenprune.ingest.RecordSink}. Kafka stays at the edge, in {@code ingest.kafka}; the CLI
 * commands live in module deploy and map {@link io.tokenprune.ingest.IngestException.Reason} to
 * exit codes.
 */
package io.tokenprune.ingest;
