package io.tokenprune.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.DeadLetter;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void everyRecordTypeRoundTrips() {
    VideoFrame frame =
        VideoFrame.newBuilder()
            .setStreamId("cam-1")
            .setSeq(7)
            .setPtsMicros(7_000_000)
            .setWidth(384)
            .setHeight(384)
            .setEncoding(FrameEncoding.JPEG)
            .setData(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2}))
            .setEndOfStream(true)
            .build();
    assertRoundTrip(RecordSerdes.videoFrame(), frame);

    CompactSegment segment =
        CompactSegment.newBuilder()
            .setStreamId("cam-1")
            .setSegmentIndex(3)
            .setFirstSeq(10)
            .setLastSeq(20)
            .setStartPtsMicros(10_000_000)
            .setEndPtsMicros(20_000_000)
            .setDim(2)
            .setDtype(TensorDtype.F16)
            .setTokenCount(2)
            .setOriginalTokenCount(11 * 196)
            .setTokens(
                ByteBuffer.wrap(TensorCodec.encode(new float[] {1, 2, 3, 4}, TensorDtype.F16)))
            .setPositions(ByteBuffer.wrap(TensorCodec.encodeInts(new int[] {0, 5, 3, 17})))
            .setKinds(ByteBuffer.wrap(new byte[] {0, 1}))
            .setPolicyVersion(4)
            .build();
    assertRoundTrip(RecordSerdes.compactSegment(), segment);

    assertRoundTrip(
        RecordSerdes.documentChunk(),
        DocumentChunk.newBuilder()
            .setDocId("d")
            .setSeq(0)
            .setLast(true)
            .setText("héllo ✓")
            .build());
    assertRoundTrip(
        RecordSerdes.contextRequest(),
        ContextRequest.newBuilder()
            .setRequestId("r1")
            .setDocId("d")
            .setQuestion("What is the pass key?")
            .setTopK(128)
            .setReplyTopic(null)
            .build());
    assertRoundTrip(
        RecordSerdes.compactContext(),
        CompactContext.newBuilder()
            .setRequestId("r1")
            .setDocId("d")
            .setTokenIds(List.of(5, 6))
            .setOriginalPositions(List.of(100, 101))
            .setOriginalLength(4000)
            .setFilterLayer(2)
            .setSelectMillis(12)
            .setModelId("m")
            .setText("pass key 48213")
            .build());
    assertRoundTrip(
        RecordSerdes.deadLetter(),
        DeadLetter.newBuilder()
            .setSourceTopic("tp.video.frames")
            .setPartition(0)
            .setOffset(42)
            .setError("corrupt JPEG")
            .setPayload(ByteBuffer.wrap(new byte[] {1}))
            .build());
  }

  @Test
  void nullIsATombstoneBothWays() {
    AvroSerde<VideoFrame> serde = RecordSerdes.videoFrame();
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void anotherRecordTypesBytesAreAnUnknownWriterSchema() {
    byte[] chunk =
        RecordSerdes.documentChunk()
            .serialize(
                "tp.docs",
                DocumentChunk.newBuilder()
                    .setDocId("d")
                    .setSeq(0)
                    .setLast(true)
                    .setText("x")
                    .build());
    assertThatThrownBy(() -> RecordSerdes.videoFrame().deserialize("tp.video.frames", chunk))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown writer schema for VideoFrame on topic tp.video.frames")
        .hasMessageContaining("fingerprint 0x");
  }

  @Test
  void bytesWithoutTheSingleObjectHeaderAreRejectedClearly() {
    assertThatThrownBy(
            () ->
                RecordSerdes.videoFrame().deserialize("tp.video.frames", "{\"json\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not an Avro single-object VideoFrame");
  }

  @Test
  void aTruncatedBodyIsCorrupt() {
    AvroSerde<DocumentChunk> serde = RecordSerdes.documentChunk();
    byte[] full =
        serde.serialize(
            "t",
            DocumentChunk.newBuilder()
                .setDocId("doc")
                .setSeq(1)
                .setLast(false)
                .setText("abc")
                .build());
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
    assertThatThrownBy(() -> serde.deserialize("t", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("corrupt DocumentChunk");
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> void assertRoundTrip(
      AvroSerde<T> serde, T value) {
    byte[] bytes = serde.serialize("topic", value);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("topic", bytes)).isEqualTo(value);
  }
}
