package io.tokenprune.ingest;

import io.tokenprune.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * A sink that puts every record through the real Avro serde, as Kafka would, and keeps the decoded
 * copies. It can be told to fail from the n-th send on, to test error paths.
 */
public final class CollectingSink<V extends SpecificRecord> implements RecordSink<V> {
  private final AvroSerde<V> serde;
  private final List<String> keys = new ArrayList<>();
  private final List<V> values = new ArrayList<>();
  private final List<Integer> serializedSizes = new ArrayList<>();
  private long failFrom = Long.MAX_VALUE;
  private int flushes;
  private boolean closed;

  public CollectingSink(AvroSerde<V> serde) {
    this.serde = serde;
  }

  /** Every send from the {@code n}-th (0-based) on throws SINK_FAILED. */
  public CollectingSink<V> failFrom(long n) {
    this.failFrom = n;
    return this;
  }

  @Override
  public void send(String key, V value) {
    if (closed) {
      throw new IllegalStateException("send after close");
    }
    if (values.size() >= failFrom) {
      throw new IngestException(IngestException.Reason.SINK_FAILED, "test sink refuses record");
    }
    byte[] bytes = serde.serialize("test-topic", value);
    keys.add(key);
    values.add(serde.deserialize("test-topic", bytes));
    serializedSizes.add(bytes.length);
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public void close() {
    closed = true;
  }

  public List<String> keys() {
    return keys;
  }

  public List<V> values() {
    return values;
  }

  public List<Integer> serializedSizes() {
    return serializedSizes;
  }

  public int flushes() {
    return flushes;
  }
}
