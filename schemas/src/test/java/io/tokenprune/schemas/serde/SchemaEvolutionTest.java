package io.tokenprune.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.schemas.VideoFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The current VideoFrame (v2) added {@code endOfStream} with a default. Data written by a v1
 * producer must stay readable by a v2 consumer that knows the v1 schema, with the default filled
 * in.
 */
class SchemaEvolutionTest {

  @Test
  void v2ReaderReadsV1Data() throws IOException {
    Schema v1 = v1Schema();
    byte[] v1Bytes = writeV1Frame(v1);

    VideoFrame read = AvroSerde.of(VideoFrame.class, v1).deserialize("tp.video.frames", v1Bytes);

    assertThat(read.getStreamId()).isEqualTo("cam-old");
    assertThat(read.getSeq()).isEqualTo(41);
    assertThat(read.getData()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(read.getEndOfStream()).as("default for the added field").isFalse();
  }

  @Test
  void aReaderThatWasNotToldAboutV1RefusesIt() throws IOException {
    byte[] v1Bytes = writeV1Frame(v1Schema());
    assertThatThrownBy(() -> RecordSerdes.videoFrame().deserialize("tp.video.frames", v1Bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown writer schema");
  }

  private static byte[] writeV1Frame(Schema v1) throws IOException {
    GenericRecord old = new GenericData.Record(v1);
    old.put("streamId", "cam-old");
    old.put("seq", 41L);
    old.put("ptsMicros", 41_000_000L);
    old.put("width", 1);
    old.put("height", 1);
    old.put("encoding", new GenericData.EnumSymbol(v1.getField("encoding").schema(), "RGB24"));
    old.put("data", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();
  }

  private static Schema v1Schema() throws IOException {
    try (InputStream in =
        SchemaEvolutionTest.class.getResourceAsStream("/evolution/VideoFrame.v1.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }
}
