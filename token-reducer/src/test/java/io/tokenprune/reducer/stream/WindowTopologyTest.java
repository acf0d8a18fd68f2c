package io.tokenprune.reducer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.DeadLetter;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.policy.PolicyView;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowTopologyTest {
  @TempDir Path stateDir;
  private final PolicyView policies = new PolicyView();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> frames;
  private TestInputTopic<String, String> policyTopic;
  private TestOutputTopic<String, CompactSegment> compact;
  private TestOutputTopic<String, DeadLetter> dlq;

  @BeforeEach
  void start() {
    ReducerConfig config = ReducerConfig.local("unused:9092", stateDir);
    driver =
        new TopologyTestDriver(
            ReducerTopology.build(config, policies::resolve),
            ReducerTopology.streamsConfig(config));
    frames =
        driver.createInputTopic(
            "tp.video.frames", new StringSerializer(), new ByteArraySerializer());
    policyTopic =
        driver.createInputTopic("tp.policies", new StringSerializer(), new StringSerializer());
    compact =
        driver.createOutputTopic(
            "tp.video.compact", new StringDeserializer(), RecordSerdes.compactSegment());
    dlq = driver.createOutputTopic("tp.dlq", new StringDeserializer(), RecordSerdes.deadLetter());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aStaticSceneWithACutIsSegmentedAtTheCutAndCoveredOnce() {
    policies.put("cam", "{\"version\": 3, \"windowFrames\": 8}");
    for (int i = 0; i < 12; i++) {
      frames.pipeInput("cam", SyntheticVideo.frame("cam", i, i < 7 ? 0 : 1, i == 11));
    }
    List<CompactSegment> segs = compact.readValuesToList();
    assertCoversOnce(segs, 0, 11);
    assertThat(segs).noneMatch(s -> s.getFirstSeq() <= 6 && s.getLastSeq() >= 7);
    assertThat(segs)
        .extracting(CompactSegment::getSegmentIndex)
        .containsExactlyElementsOf(LongStream.range(0, segs.size()).boxed().toList());
    assertThat(segs).allSatisfy(s -> assertThat(s.getPolicyVersion()).isEqualTo(3));
    long in = segs.stream().mapToLong(CompactSegment::getOriginalTokenCount).sum();
    long out = segs.stream().mapToLong(CompactSegment::getTokenCount).sum();
    assertThat(in).isEqualTo(12 * 196);
    assertThat((double) out / in).isLessThan(0.3);
    CompactSegment first = segs.get(0);
    assertThat(TensorCodec.decode(first.getTokens(), TensorDtype.F16))
        .hasSize(first.getTokenCount() * 256);
    assertThat(dlq.readValuesToList()).isEmpty();
  }

  @Test
  void outOfOrderFramesInsideAWindowAreReorderedAndLateOnesGoToTheDlq() {
    policies.put("*", "{\"windowFrames\": 4}");
    long[] order = {1, 0, 3, 2, 5, 4, 6, 7};
    for (long seq : order) {
      frames.pipeInput("cam", SyntheticVideo.frame("cam", seq, (int) seq / 3, false));
    }
    List<CompactSegment> before = compact.readValuesToList();
    assertThat(before).isNotEmpty();
    long emittedUpTo = before.get(before.size() - 1).getLastSeq();
    // a frame at or before what was already emitted can no longer join a segment
    frames.pipeInput("cam", SyntheticVideo.frame("cam", 0, 0, false));
    List<DeadLetter> rejects = dlq.readValuesToList();
    assertThat(rejects)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getError()).contains("late frame: seq 0 of stream cam");
              assertThat(d.getError()).contains("up to seq " + emittedUpTo);
              assertThat(d.getSourceTopic()).isEqualTo("tp.video.frames");
            });
    frames.pipeInput("cam", SyntheticVideo.frame("cam", 8, 2, true));
    List<CompactSegment> all = new ArrayList<>(before);
    all.addAll(compact.readValuesToList());
    assertCoversOnce(all, 0, 8);
  }

  @Test
  void aGapInSeqClosesTheSegment() {
    policies.put("*", "{\"windowFrames\": 16}");
    for (long seq : new long[] {0, 1, 2, 3, 7, 8, 9}) {
      frames.pipeInput("cam", SyntheticVideo.frame("cam", seq, 0, seq == 9));
    }
    List<CompactSegment> segs = compact.readValuesToList();
    assertThat(segs).noneMatch(s -> s.getFirstSeq() <= 3 && s.getLastSeq() >= 7);
    assertThat(segs.stream().mapToLong(s -> s.getLastSeq() - s.getFirstSeq() + 1).sum())
        .isEqualTo(7);
  }

  @Test
  void anIdleStreamIsFlushedByTheWallClockPunctuator() {
    policies.put("*", "{\"windowFrames\": 32, \"idleFlushMs\": 3000}");
    for (int i = 0; i < 5; i++) {
      frames.pipeInput("cam", SyntheticVideo.frame("cam", i, 0, false));
    }
    assertThat(compact.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertThat(compact.isEmpty()).as("not idle long enough").isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertCoversOnce(compact.readValuesToList(), 0, 4);
    // the stream may go on after an idle flush
    frames.pipeInput("cam", SyntheticVideo.frame("cam", 5, 0, true));
    assertCoversOnce(compact.readValuesToList(), 5, 5);
  }

  @Test
  void aPolicyChangeAppliesFromTheNextWindow() {
    policies.put("cam-", "{\"version\": 1, \"windowFrames\": 6, \"retainRatio\": 0.1}");
    for (int i = 0; i < 6; i++) {
      frames.pipeInput("cam-1", SyntheticVideo.frame("cam-1", i, i, false));
    }
    List<CompactSegment> early = compact.readValuesToList();
    policies.put("cam-", "{\"version\": 2, \"windowFrames\": 6, \"retainRatio\": 0.5}");
    for (int i = 6; i < 12; i++) {
      frames.pipeInput("cam-1", SyntheticVideo.frame("cam-1", i, i, i == 11));
    }
    List<CompactSegment> late = compact.readValuesToList();
    assertThat(early).isNotEmpty().allSatisfy(s -> assertThat(s.getPolicyVersion()).isEqualTo(1));
    assertThat(late).isNotEmpty().allSatisfy(s -> assertThat(s.getPolicyVersion()).isEqualTo(2));
    // every frame is its own scene: single-frame segments keep ceil(N * r')
    assertThat(ratio(late)).isGreaterThan(2 * ratio(early));
  }

  @Test
  void invalidPoliciesAreDeadLetteredWithTheirReason() {
    policyTopic.pipeInput("cam-", "{\"retainRatio\": 1.5}");
    policyTopic.pipeInput("cam-", "{\"retainRatio\": 0.2}");
    policyTopic.pipeInput("cam-", "{not json");
    List<DeadLetter> rejects = dlq.readValuesToList();
    assertThat(rejects).hasSize(2);
    assertThat(rejects.get(0).getError()).contains("retainRatio").contains("1.5");
    assertThat(rejects.get(0).getSourceTopic()).isEqualTo("tp.policies");
    assertThat(new String(rejects.get(0).getPayload().array())).contains("1.5");
    assertThat(rejects.get(1).getError()).contains("invalid policy for scope 'cam-'");
  }

  @Test
  void aFrameKeyedByAnotherStreamIsRejected() {
    frames.pipeInput("cam-x", SyntheticVideo.frame("cam-y", 0, 0, true));
    assertThat(dlq.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.getError()).contains("is not the frame's streamId"));
    assertThat(compact.isEmpty()).isTrue();
  }

  @Test
  void framesEncodedUpstreamAreReducedAsTheyAreAndAShapeChangeIsRejected() {
    java.util.Random rnd = new java.util.Random(5);
    float[] base = new float[196 * 64];
    for (int i = 0; i < base.length; i++) {
      base[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < 4; i++) {
      frames.pipeInput("tok", tokenFrame("tok", i, base, 196, 64, i == 3));
    }
    List<CompactSegment> segs = compact.readValuesToList();
    assertCoversOnce(segs, 0, 3);
    assertThat(segs).allSatisfy(s -> assertThat(s.getDim()).isEqualTo(64));
    assertThat(segs.get(0).getTokenCount()).as("4 identical frames merge").isLessThan(4 * 196 / 4);

    frames.pipeInput("tok", tokenFrame("tok", 4, base, 196, 64, false));
    frames.pipeInput("tok", tokenFrame("tok", 5, new float[49 * 64], 49, 64, false));
    assertThat(dlq.readValuesToList())
        .singleElement()
        .satisfies(
            d -> assertThat(d.getError()).contains("has 49x64 tokens but its window holds 196x64"));
  }

  private static byte[] tokenFrame(
      String stream, long seq, float[] tokens, int n, int d, boolean last) {
    float[] saliency = new float[n];
    io.tokenprune.schemas.VideoFrame f =
        io.tokenprune.schemas.VideoFrame.newBuilder()
            .setStreamId(stream)
            .setSeq(seq)
            .setPtsMicros(seq * 1_000_000)
            .setWidth(384)
            .setHeight(384)
            .setEncoding(io.tokenprune.schemas.FrameEncoding.TOKENS_F16)
            .setData(
                java.nio.ByteBuffer.wrap(
                    io.tokenprune.schemas.tensor.TokenFrameCodec.encode(tokens, saliency, n, d)))
            .setEndOfStream(last)
            .build();
    return RecordSerdes.videoFrame().serialize("tp.video.frames", f);
  }

  private static double ratio(List<CompactSegment> segs) {
    return (double) segs.stream().mapToLong(CompactSegment::getTokenCount).sum()
        / segs.stream().mapToLong(CompactSegment::getOriginalTokenCount).sum();
  }

  static void assertCoversOnce(List<CompactSegment> segs, long first, long last) {
    List<Long> seqs =
        segs.stream()
            .flatMapToLong(s -> LongStream.rangeClosed(s.getFirstSeq(), s.getLastSeq()))
            .boxed()
            .toList();
    assertThat(seqs)
        .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
  }
}
