package io.tokenprune.reducer.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.holitom.HoliTom;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.reducer.stream.ReducerTopology;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.PolicyView;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.tensor.TensorCodec;
import io.tokenprune.schemas.tensor.TokenFrameCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineReductionTest {
  private static final HoliTomParams P = HoliTomParams.defaults();

  @TempDir Path stateDir;

  /**
   * A seeded clip: a background per scene (a cut every {@code sceneFrames}) with small per-frame
   * noise, and {@code moving} positions redrawn every frame. Saliency is the token norm.
   */
  private static List<float[]> clip(long seed, int t, int n, int d, int moving, int sceneFrames) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] background = new float[n * d];
    List<float[]> frames = new ArrayList<>();
    for (int f = 0; f < t; f++) {
      if (f % sceneFrames == 0) {
        fill(rnd, background, 0, n * d);
      }
      float[] frame = background.clone();
      for (int i = 0; i < frame.length; i++) {
        frame[i] += (float) (0.05 * rnd.nextGaussian());
      }
      for (int k = 0; k < moving; k++) {
        fill(rnd, frame, ((f * 3 + k) % n) * d, d);
      }
      frames.add(frame);
    }
    return frames;
  }

  private static void fill(SplittableRandom rnd, float[] x, int from, int len) {
    for (int i = from; i < from + len; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
  }

  private static List<float[]> norms(List<float[]> frames, int n, int d) {
    List<float[]> out = new ArrayList<>();
    for (float[] x : frames) {
      float[] a = new float[n];
      for (int p = 0; p < n; p++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += x[p * d + j] * x[p * d + j];
        }
        a[p] = (float) Math.sqrt(s);
      }
      out.add(a);
    }
    return out;
  }

  private static float[] f16(float[] x) {
    return TensorCodec.decode(TensorCodec.encode(x, TensorDtype.F16), TensorDtype.F16);
  }

  @Test
  void segmentsCoverEveryFrameOnceAndTheFlatOutputsAgreeWithThem() {
    List<float[]> frames = clip(1, 150, 16, 8, 3, 45);
    OfflineReduction.Result r = OfflineReduction.reduce(frames, norms(frames, 16, 8), 16, 8, P, 32);
    int next = 0;
    for (OfflineReduction.ClipSegment s : r.segments()) {
      assertThat(s.firstFrame()).isEqualTo(next);
      assertThat(s.lastFrame() - s.firstFrame() + 1).isBetween(1, P.maxWindow());
      assertThat(s.segment().originalTokenCount()).isEqualTo((s.lastFrame() - next + 1) * 16);
      // scene cuts at 45, 90 and 135 end segments
      for (int cut : new int[] {45, 90, 135}) {
        assertThat(s.firstFrame() < cut && s.lastFrame() >= cut).isFalse();
      }
      next = s.lastFrame() + 1;
    }
    assertThat(next).isEqualTo(150);
    int m = r.tokenCount();
    assertThat(r.tokens()).hasSize(m * 8);
    assertThat(r.kinds()).hasSize(m).containsOnly(0, 1);
    assertThat(r.segmentFrames()).hasSize(2 * r.segments().size());
    int[] pos = r.positions();
    assertThat(pos).hasSize(2 * m);
    int i = 0;
    for (OfflineReduction.ClipSegment s : r.segments()) {
      CompressedSegment c = s.segment();
      for (int k = 0; k < c.tokenCount(); k++, i++) {
        assertThat(pos[2 * i]).isBetween(s.firstFrame(), s.lastFrame());
        assertThat(pos[2 * i] - s.firstFrame()).isEqualTo(c.frameOffsets()[k]);
        assertThat(pos[2 * i + 1]).isEqualTo(c.patchIndices()[k]);
        if (c.kinds()[k] == CompressedSegment.STATIC) {
          assertThat(pos[2 * i]).isEqualTo(s.firstFrame());
        }
      }
    }
  }

  @Test
  void aClipThatFitsOneWindowIsReducedExactlyAsOneWholeWindowOfF16Frames() {
    List<float[]> frames = clip(2, 20, 16, 8, 3, 100);
    List<float[]> saliency = norms(frames, 16, 8);
    OfflineReduction.Result r = OfflineReduction.reduce(frames, saliency, 16, 8, P, 32);
    List<float[]> rounded = frames.stream().map(OfflineReductionTest::f16).toList();
    List<CompressedSegment> whole = HoliTom.reduce(rounded, saliency, 16, 8, P);
    assertThat(r.segments()).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(r.segments().get(i).segment().tokens()).isEqualTo(whole.get(i).tokens());
      assertThat(r.segments().get(i).segment().patchIndices())
          .isEqualTo(whole.get(i).patchIndices());
    }
  }

  @Test
  void theCarriedSegmentContinuesIntoTheNextWindow() {
    // A 40-frame still scene, windows of 16 new frames, segments of at most 24: the first flush
    // (16 frames, one open segment) emits nothing, the second (32 frames) emits [0, 23] and
    // carries 8, the last frame flushes [24, 39]. Plain 16-frame chunks could never form 24.
    List<float[]> frames = clip(3, 40, 16, 8, 0, 1000);
    HoliTomParams p = new HoliTomParams(0.1, 0.8, 0.6, 7, 24);
    OfflineReduction.Result r = OfflineReduction.reduce(frames, norms(frames, 16, 8), 16, 8, p, 16);
    assertThat(r.segmentFrames()).containsExactly(0, 23, 24, 39);
  }

  @Test
  void withoutSaliencyItUsesThePatchEncodersDistinctiveness() {
    List<float[]> frames = clip(4, 12, 9, 6, 2, 100);
    List<float[]> distinct =
        frames.stream().map(x -> PatchEncoder.distinctiveness(x, 9, 6)).toList();
    OfflineReduction.Result implicit = OfflineReduction.reduce(frames, 9, 6, P, 4);
    OfflineReduction.Result explicit = OfflineReduction.reduce(frames, distinct, 9, 6, P, 4);
    assertThat(implicit.tokens()).isEqualTo(explicit.tokens());
    assertThat(implicit.positions()).isEqualTo(explicit.positions());
    assertThat(implicit.segmentFrames()).isEqualTo(explicit.segmentFrames());
  }

  @Test
  void givesTheSegmentsTheReducerTopologyEmitsForTheSameFrames() {
    // The real processor, fed the clip as TOKENS_F16 frames with the last one marked as the end.
    int n = 196;
    int d = 32;
    int t = 45;
    List<float[]> frames = clip(5, t, n, d, 20, 17);
    List<float[]> saliency = norms(frames, n, d);
    PolicyView policies = new PolicyView();
    policies.put("cam", "{\"windowFrames\": 8, \"maxWindow\": 12}");
    EffectivePolicy policy = policies.resolve("cam");
    ReducerConfig config = ReducerConfig.local("unused:9092", stateDir);
    List<CompactSegment> streamed;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            ReducerTopology.build(config, policies::resolve),
            ReducerTopology.streamsConfig(config))) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              "tp.video.frames", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, CompactSegment> out =
          driver.createOutputTopic(
              "tp.video.compact", new StringDeserializer(), RecordSerdes.compactSegment());
      for (int f = 0; f < t; f++) {
        VideoFrame frame =
            VideoFrame.newBuilder()
                .setStreamId("cam")
                .setSeq(f)
                .setPtsMicros(f * 1_000_000L)
                .setWidth(384)
                .setHeight(384)
                .setEncoding(FrameEncoding.TOKENS_F16)
                .setData(
                    ByteBuffer.wrap(TokenFrameCodec.encode(frames.get(f), saliency.get(f), n, d)))
                .setEndOfStream(f == t - 1)
                .build();
        in.pipeInput("cam", RecordSerdes.videoFrame().serialize("tp.video.frames", frame));
      }
      streamed = out.readValuesToList();
    }
    HoliTomParams params =
        new HoliTomParams(
            policy.retainRatio(), policy.tau(), policy.beta(), policy.knn(), policy.maxWindow());
    OfflineReduction.Result offline =
        OfflineReduction.reduce(frames, saliency, n, d, params, policy.windowFrames());

    assertThat(streamed).hasSameSizeAs(offline.segments()).hasSizeGreaterThan(3);
    for (int s = 0; s < streamed.size(); s++) {
      CompactSegment rec = streamed.get(s);
      OfflineReduction.ClipSegment mine = offline.segments().get(s);
      CompressedSegment c = mine.segment();
      assertThat(rec.getFirstSeq()).isEqualTo(mine.firstFrame());
      assertThat(rec.getLastSeq()).isEqualTo(mine.lastFrame());
      assertThat(rec.getTokenCount()).isEqualTo(c.tokenCount());
      assertThat(rec.getDtype()).isEqualTo(TensorDtype.F16);
      assertThat(TensorCodec.decode(rec.getTokens(), TensorDtype.F16)).isEqualTo(f16(c.tokens()));
      int[] positions = new int[2 * c.tokenCount()];
      for (int i = 0; i < c.tokenCount(); i++) {
        positions[2 * i] = c.frameOffsets()[i];
        positions[2 * i + 1] = c.patchIndices()[i];
      }
      assertThat(TensorCodec.decodeInts(rec.getPositions())).isEqualTo(positions);
      byte[] kinds = new byte[rec.getKinds().remaining()];
      rec.getKinds().duplicate().get(kinds);
      assertThat(kinds).isEqualTo(c.kinds());
    }
  }

  @Test
  void rejectsAnEmptyClipMismatchedSaliencyAndANonPositiveWindow() {
    List<float[]> frames = clip(6, 3, 4, 2, 0, 10);
    List<float[]> saliency = norms(frames, 4, 2);
    assertThatThrownBy(() -> OfflineReduction.reduce(List.of(), List.of(), 4, 2, P, 8))
        .hasMessageContaining("at least one frame");
    assertThatThrownBy(() -> OfflineReduction.reduce(frames, saliency.subList(0, 2), 4, 2, P, 8))
        .hasMessageContaining("saliency has 2 frames, the clip has 3");
    assertThatThrownBy(() -> OfflineReduction.reduce(frames, saliency, 4, 2, P, 0))
        .hasMessageContaining("windowFrames must be >= 1, got 0");
    assertThatThrownBy(() -> OfflineReduction.reduce(frames, saliency, 4, 3, P, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frame 0");
  }
}
