package io.tokenprune.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.nio.ByteBuffer;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The adapter's error handling, on Kafka's own MockProducer (no broker in this module; the it
 * module runs it against a real one).
 */
class KafkaSinkTest {

  private static VideoFrame frame(long seq) {
    return VideoFrame.newBuilder()
        .setStreamId("cam")
        .setSeq(seq)
        .setPtsMicros(seq * 1_000_000)
        .setWidth(2)
        .setHeight(2)
        .setEncoding(FrameEncoding.JPEG)
        .setData(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setEndOfStream(false)
        .build();
  }

  private static MockProducer<String, VideoFrame> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), RecordSerdes.videoFrame());
  }

  @Test
  void sendsToTheTopicUnderTheKeyAndCountsAcknowledgements() {
    MockProducer<String, VideoFrame> producer = producer(true);
    try (KafkaSink<VideoFrame> sink = new KafkaSink<>(producer, "tp.video.frames")) {
      sink.send("cam", frame(0));
      sink.send("cam", frame(1));
      sink.flush();
      assertThat(sink.acknowledged()).isEqualTo(2);
      assertThat(sink.failed()).isZero();
    }
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.history().get(1).topic()).isEqualTo("tp.video.frames");
    assertThat(producer.history().get(1).key()).isEqualTo("cam");
    assertThat(producer.history().get(1).value().getSeq()).isEqualTo(1);
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void anAsynchronousFailureSurfacesOnFlushAndEveryCallAfter() {
    MockProducer<String, VideoFrame> producer = producer(false);
    KafkaSink<VideoFrame> sink = new KafkaSink<>(producer, "tp.video.frames");
    sink.send("cam", frame(0));
    sink.send("cam", frame(1));
    producer.errorNext(new NotEnoughReplicasException("only 1 of 3 replicas in sync"));
    assertThatThrownBy(sink::flush)
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SINK_FAILED);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Kafka did not accept a record for topic tp.video.frames (1 failed so far):"
                          + " only 1 of 3 replicas in sync");
              assertThat(e.getCause()).isInstanceOf(NotEnoughReplicasException.class);
            });
    assertThat(sink.acknowledged()).isEqualTo(1); // flush completed the second one
    assertThatThrownBy(() -> sink.send("cam", frame(2))).isInstanceOf(IngestException.class);
    assertThat(producer.history()).hasSize(2);
    assertThatThrownBy(sink::close).isInstanceOf(IngestException.class);
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void aSynchronousSendFailureSurfacesAtOnce() {
    MockProducer<String, VideoFrame> producer = producer(true);
    KafkaSink<VideoFrame> sink = new KafkaSink<>(producer, "t");
    VideoFrame broken = frame(0);
    broken.setStreamId(null); // the Avro serializer refuses a null string
    assertThatThrownBy(() -> sink.send("cam", broken))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.SINK_FAILED);
              assertThat(e.getMessage()).contains("cannot encode VideoFrame");
            });
    assertThat(sink.failed()).isEqualTo(1);
  }

  @Test
  void producerSettingsAreIdempotentAndAdmitAOneMebibyteRecord() {
    Properties props = ProducerSettings.forBootstrap("localhost:9092");
    assertThat(props)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    assertThat(Integer.parseInt(props.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
        .isGreaterThan(1 << 20);
    assertThatThrownBy(() -> ProducerSettings.forBootstrap(" ")).hasMessageContaining("bootstrap");
  }

  @Test
  void theRealClientAcceptsTheSettings() {
    // KafkaProducer validates its config in the constructor (idempotence needs acks=all and at
    // most 5 requests in flight); nothing is sent, so no broker is needed.
    try (KafkaSink<VideoFrame> sink = KafkaSink.videoFrames("localhost:9", "tp.video.frames")) {
      assertThat(sink.acknowledged()).isZero();
    }
  }
}
