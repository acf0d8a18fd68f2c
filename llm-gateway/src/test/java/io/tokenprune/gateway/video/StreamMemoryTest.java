package io.tokenprune.gateway.video;

import static io.tokenprune.gateway.TestSegments.segment;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.gateway.TestSegments;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamMemoryTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  private StreamMemory memory(long maxTokens, Duration maxAge, int maxStreams) {
    return new StreamMemory(new MemoryLimits(maxTokens, maxAge, maxStreams), now::get);
  }

  @Test
  void theTokenBoundDropsTheOldestSegmentsButKeepsTheNewest() {
    StreamMemory m = memory(25, Duration.ofHours(1), 10);
    for (int i = 0; i < 4; i++) {
      m.add(segment("cam", i, 10, 8, 1), now.get());
    }
    assertThat(m.segments("cam").orElseThrow())
        .extracting(h -> h.segment().getSegmentIndex())
        .containsExactly(2L, 3L);
    assertThat(m.evictedByTokens()).isEqualTo(2);
    m.add(segment("cam", 4, 40, 8, 1), now.get()); // alone above the bound
    assertThat(m.segments("cam").orElseThrow()).hasSize(1);
    assertThat(m.tokenCount()).isEqualTo(40);
  }

  @Test
  void theAgeBoundDropsOldRecordsAndThenTheStream() {
    StreamMemory m = memory(1000, Duration.ofSeconds(60), 10);
    m.add(segment("cam", 0, 5, 8, 1), now.get() - 61_000);
    m.add(segment("cam", 1, 5, 8, 1), now.get() - 30_000);
    assertThat(m.segments("cam").orElseThrow()).hasSize(1);
    now.addAndGet(31_000);
    assertThat(m.segments("cam")).isEmpty();
    assertThat(m.streams()).isEmpty();
    assertThat(m.evictedByAge()).isEqualTo(2);
  }

  @Test
  void theStreamBoundDropsTheStreamUpdatedLongestAgo() {
    StreamMemory m = memory(1000, Duration.ofHours(1), 2);
    m.add(segment("a", 0, 5, 8, 1), now.get());
    m.add(segment("b", 0, 5, 8, 1), now.get());
    m.add(segment("a", 1, 5, 8, 1), now.get());
    m.add(segment("c", 0, 5, 8, 1), now.get());
    assertThat(m.streams()).extracting(StreamMemory.StreamInfo::streamId).containsExactly("a", "c");
    assertThat(m.evictedStreams()).isEqualTo(1);
  }

  @Test
  void aReplayedSegmentIndexIsIgnored() {
    StreamMemory m = memory(1000, Duration.ofHours(1), 2);
    assertThat(m.add(segment("a", 0, 5, 8, 1), now.get())).isTrue();
    assertThat(m.add(segment("a", 0, 5, 8, 1), now.get())).isFalse();
    assertThat(m.segmentCount()).isEqualTo(1);
    assertThat(m.duplicates()).isEqualTo(1);
  }

  @Test
  void aWindowConcatenatesTheRecentSegmentsInOrder() {
    StreamMemory m = memory(1000, Duration.ofHours(1), 2);
    for (int i = 0; i < 3; i++) {
      m.add(segment("cam", i, 3 + i, 8, 10 + i % 2), now.get());
    }
    VisualSpan all = m.window("cam", OptionalDouble.empty()).orElseThrow();
    assertThat(all.count()).isEqualTo(3 + 4 + 5);
    assertThat(all.segments()).isEqualTo(3);
    assertThat(all.originalTokens()).isEqualTo(3 * 4 * 196);
    assertThat(all.segmentPolicyVersions()).containsExactly(10L, 11L);
    assertThat(all.firstSeq()).isZero();
    assertThat(all.lastSeq()).isEqualTo(11);
    float[] last = TestSegments.tokens(m.segments("cam").orElseThrow().get(2).segment());
    assertThat(Arrays.copyOfRange(all.rows(), (3 + 4) * 8, all.rows().length))
        .containsExactly(last);

    // segment 2 ends at 11 s; the last 4 s reach back to 7 s: segment 1 ends at 7 s, segment 0 at 3
    // s
    VisualSpan recent = m.window("cam", OptionalDouble.of(4)).orElseThrow();
    assertThat(recent.segments()).isEqualTo(2);
    assertThat(recent.count()).isEqualTo(4 + 5);
    assertThat(m.window("nope", OptionalDouble.empty())).isEmpty();
  }

  @Test
  void aWindowStopsAtAChangeOfTokenWidth() {
    StreamMemory m = memory(1000, Duration.ofHours(1), 2);
    m.add(segment("cam", 0, 3, 16, 1), now.get());
    m.add(segment("cam", 1, 3, 8, 1), now.get());
    VisualSpan s = m.window("cam", OptionalDouble.empty()).orElseThrow();
    assertThat(s.segments()).isEqualTo(1);
    assertThat(s.dim()).isEqualTo(8);
  }

  @Test
  void awaitingAFrameReturnsOnceASegmentReachesIt() throws Exception {
    StreamMemory m = memory(1000, Duration.ofHours(1), 2);
    m.add(segment("cam", 0, 3, 8, 1), now.get()); // frames 0..3
    assertThat(m.awaitFrame("cam", 3, Duration.ZERO)).isTrue();
    assertThat(m.awaitFrame("cam", 4, Duration.ofMillis(20))).isFalse();
    Thread writer = new Thread(() -> m.add(segment("cam", 1, 3, 8, 1), now.get())); // 4..7
    writer.start();
    assertThat(m.awaitFrame("cam", 7, Duration.ofSeconds(30))).isTrue();
    writer.join();
  }
}
