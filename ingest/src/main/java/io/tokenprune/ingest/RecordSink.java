package io.tokenprune.ingest;

/**
 * Where ingest puts its records. The pipelines know only this seam; {@code
 * io.tokenprune.ingest.kafka.KafkaSink} is the production implementation, tests collect records.
 *
 * <p>Delivery may be asynchronous, but never fire-and-forget: a failed delivery surfaces as an
 * {@link IngestException} with reason {@code SINK_FAILED} from a later {@link #send} or from {@link
 * #flush}.
 *
 * @param <V> the record type (VideoFrame, DocumentChunk)
 */
public interface RecordSink<V> extends AutoCloseable {

  /** Queues one record under {@code key}; throws if this or an earlier send has failed. */
  void send(String key, V value);

  /** Blocks until every record sent so far is acknowledged; throws if any of them failed. */
  void flush();

  @Override
  void close();
}
