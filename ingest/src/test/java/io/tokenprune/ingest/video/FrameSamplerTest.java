package io.tokenprune.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

  /** Timestamps of a constant-rate source: frame i at round(i * 1e6 / rate) + origin. */
  private static long[] timestamps(double rate, int frames, long origin) {
    long[] ts = new long[frames];
    for (int i = 0; i < frames; i++) {
      ts[i] = origin + Math.round(i * 1_000_000.0 / rate);
    }
    return ts;
  }

  private static List<Long> sample(double fps, long[] ts) {
    FrameSampler sampler = new FrameSampler(fps);
    List<Long> kept = new ArrayList<>();
    for (long t : ts) {
      if (sampler.accept(t)) {
        kept.add(t);
      }
    }
    return kept;
  }

  @Test
  void tenSecondsAt25FpsGivesOneFramePerSampleTime() {
    long[] ts = timestamps(25, 250, 0);
    assertThat(sample(1, ts))
        .containsExactly(
            0L,
            1_000_000L,
            2_000_000L,
            3_000_000L,
            4_000_000L,
            5_000_000L,
            6_000_000L,
            7_000_000L,
            8_000_000L,
            9_000_000L);
    assertThat(sample(2, ts))
        .hasSize(20)
        .element(1)
        .isEqualTo(520_000L); // 25 fps has no frame at 0.5 s
    assertThat(sample(0.5, ts)).containsExactly(0L, 2_000_000L, 4_000_000L, 6_000_000L, 8_000_000L);
  }

  @Test
  void picksTheFirstFrameAtOrAfterEachSampleTime() {
    // 30 fps: frame times 0, 33333, 66667, ...; at 4 fps the sample times are 0, 250000, 500000.
    List<Long> kept = sample(4, timestamps(30, 30, 0));
    assertThat(kept).hasSize(4);
    assertThat(kept.get(1)).isEqualTo(266_667L); // frame 8: first at or after 250000
    assertThat(kept.get(2)).isEqualTo(500_000L); // frame 15 lands exactly on 500000
    assertThat(kept.get(3)).isEqualTo(766_667L);
  }

  @Test
  void samplingIsRelativeToTheFirstTimestamp() {
    long origin = 123_456_789L;
    List<Long> kept = sample(1, timestamps(25, 250, origin));
    assertThat(kept).hasSize(10);
    for (int k = 0; k < kept.size(); k++) {
      assertThat(kept.get(k) - origin).isEqualTo(k * 1_000_000L);
    }
  }

  @Test
  void aGapIsSampledOnceAndSamplingResumesOnTheGrid() {
    long[] ts = {0, 400_000, 1_000_000, 3_700_000, 3_800_000, 4_000_000, 4_100_000, 5_000_000};
    // 3.7 s reaches past sample times 2 s and 3 s: kept once, the next sample time is 4 s.
    assertThat(sample(1, ts)).containsExactly(0L, 1_000_000L, 3_700_000L, 4_000_000L, 5_000_000L);
  }

  @Test
  void timestampsGoingBackwardsAreNeverKept() {
    long[] ts = {0, 1_000_000, 500_000, 900_000, 2_000_000};
    assertThat(sample(1, ts)).containsExactly(0L, 1_000_000L, 2_000_000L);
  }

  @Test
  void fpsAboveTheSourceRateKeepsEveryFrame() {
    long[] ts = timestamps(10, 50, 0);
    assertThat(sample(30, ts)).hasSize(50);
  }

  @Test
  void rejectsNonPositiveFps() {
    assertThatThrownBy(() -> new FrameSampler(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0.0");
    assertThatThrownBy(() -> new FrameSampler(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
