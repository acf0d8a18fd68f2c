package io.tokenprune.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one generated Avro record type, using Avro single-object encoding: a 2-byte
 * marker, the writer schema's 8-byte CRC-64-AVRO fingerprint, then the binary body. No registry is
 * needed; readers know the current schema plus any older writer schemas passed in, and refuse any
 * other fingerprint with a {@link SerializationException} that names it.
 *
 * <p>A null value (a tombstone) maps to null both ways.
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, Schema... olderWriterSchemas) {
    this.type = Objects.requireNonNull(type, "type");
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    SchemaStore.Cache store = new SchemaStore.Cache();
    for (Schema older : olderWriterSchemas) {
      store.addSchema(older);
    }
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** A serde that reads and writes the current schema of {@code type}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  /**
   * A serde that also reads data written with older versions of the schema, resolving them to the
   * current one by Avro's schema-resolution rules.
   */
  public static <T extends SpecificRecord> AvroSerde<T> of(
      Class<T> type, Schema... olderWriterSchemas) {
    return new AvroSerde<>(type, olderWriterSchemas);
  }

  /** The schema this serde writes. */
  public Schema schema() {
    return schema;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      encoder.encode(data, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "unknown writer schema for "
              + type.getSimpleName()
              + " on topic "
              + topic
              + ": fingerprint "
              + fingerprintOf(bytes)
              + " is neither the current schema ("
              + hex(SchemaNormalization.parsingFingerprint64(schema))
              + ") nor a registered older version",
          e);
    } catch (BadHeaderException e) {
      throw new SerializationException(
          "not an Avro single-object "
              + type.getSimpleName()
              + " on topic "
              + topic
              + ": "
              + e.getMessage()
              + " (first bytes "
              + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 4)))
              + ")",
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "corrupt " + type.getSimpleName() + " on topic " + topic + ": " + e, e);
    }
  }

  private static String fingerprintOf(byte[] bytes) {
    if (bytes.length < 10) {
      return "(truncated header)";
    }
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (bytes[i] & 0xff);
    }
    return hex(fp);
  }

  private static String hex(long fingerprint) {
    return String.format("0x%016x", fingerprint);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
