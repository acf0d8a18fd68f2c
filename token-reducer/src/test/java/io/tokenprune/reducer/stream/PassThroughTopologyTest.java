package io.tokenprune.reducer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.DeadLetter;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassThroughTopologyTest {
  @TempDir Path stateDir;

  @Test
  void everyFrameBecomesOneSegmentAndCorruptRecordsGoToTheDlq() {
    ReducerConfig config =
        ReducerConfig.local("unused:9092", stateDir).withMode(ReducerConfig.Mode.PASS_THROUGH);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            ReducerTopology.build(config, id -> EffectivePolicy.DEFAULTS),
            ReducerTopology.streamsConfig(config))) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              "tp.video.frames", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, CompactSegment> out =
          driver.createOutputTopic(
              "tp.video.compact", new StringDeserializer(), RecordSerdes.compactSegment());
      TestOutputTopic<String, DeadLetter> dlq =
          driver.createOutputTopic("tp.dlq", new StringDeserializer(), RecordSerdes.deadLetter());

      in.pipeInput(
          "cam-1",
          TestFrames.bytes(
              TestFrames.frame("cam-1", 0, TestFrames.jpeg(112, 10, Color.BLUE), false)));
      in.pipeInput("cam-1", "not avro".getBytes());
      byte[] badJpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3};
      in.pipeInput("cam-1", TestFrames.bytes(TestFrames.frame("cam-1", 1, badJpeg, false)));
      in.pipeInput(
          "cam-1",
          TestFrames.bytes(
              TestFrames.frame("cam-1", 2, TestFrames.jpeg(112, 30, Color.BLUE), true)));

      List<CompactSegment> segments = out.readValuesToList();
      assertThat(segments).extracting(CompactSegment::getFirstSeq).containsExactly(0L, 2L);
      CompactSegment first = segments.get(0);
      assertThat(first.getTokenCount()).isEqualTo(196);
      assertThat(first.getOriginalTokenCount()).isEqualTo(196);
      assertThat(first.getDim()).isEqualTo(256);
      assertThat(first.getDtype()).isEqualTo(TensorDtype.F16);
      assertThat(TensorCodec.decode(first.getTokens(), TensorDtype.F16)).hasSize(196 * 256);
      assertThat(TensorCodec.decodeInts(first.getPositions())).hasSize(2 * 196);

      List<DeadLetter> rejects = dlq.readValuesToList();
      assertThat(rejects).hasSize(2);
      assertThat(rejects.get(0).getError()).contains("not an Avro single-object VideoFrame");
      assertThat(rejects.get(0).getSourceTopic()).isEqualTo("tp.video.frames");
      assertThat(rejects.get(0).getPayload().remaining()).isEqualTo("not avro".length());
      assertThat(rejects.get(1).getError()).containsAnyOf("corrupt JPEG", "not a decodable image");
    }
  }
}
