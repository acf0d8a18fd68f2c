package io.tokenprune.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.ingest.CollectingSink;
import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pipeline on the generated pattern: counts, end-of-stream and every way a run can end. */
class VideoIngestTest {

  private static CollectingSink<VideoFrame> sink() {
    return new CollectingSink<>(RecordSerdes.videoFrame());
  }

  @Test
  void thePatternStreamsEveryFrameWithEndOfStreamOnlyOnTheLast() {
    VideoIngestConfig config = VideoIngestConfig.defaults("demo");
    CollectingSink<VideoFrame> sink = sink();
    IngestStats stats;
    try (FrameSource source = FrameSource.open("pattern:42", config)) {
      stats = new VideoIngest(config, sink, ProgressBar.silent()).run(source);
    }
    assertThat(stats.sent()).isEqualTo(96);
    assertThat(sink.values()).hasSize(96);
    for (int i = 0; i < 96; i++) {
      VideoFrame f = sink.values().get(i);
      assertThat(f.getSeq()).isEqualTo(i);
      assertThat(f.getPtsMicros()).isEqualTo(i * 1_000_000L);
      assertThat(f.getEndOfStream()).isEqualTo(i == 95);
    }
    // 384x384 JPEG at 0.9 of a mostly flat scene: tens of KB, far below the 1 MiB record limit.
    assertThat(sink.serializedSizes()).allSatisfy(n -> assertThat(n).isBetween(5_000, 200_000));
  }

  @Test
  void sameFramesGiveSameBytes() {
    VideoIngestConfig config = VideoIngestConfig.defaults("demo").withPatternFrames(4);
    CollectingSink<VideoFrame> a = sink();
    CollectingSink<VideoFrame> b = sink();
    new VideoIngest(config, a, ProgressBar.silent()).run(FrameSource.open("pattern:9", config));
    new VideoIngest(config, b, ProgressBar.silent()).run(FrameSource.open("pattern:9", config));
    assertThat(a.values()).isEqualTo(b.values());
  }

  @Test
  void stopEndsTheStreamAfterTheFrameInHand() {
    VideoIngestConfig config = VideoIngestConfig.defaults("demo");
    CollectingSink<VideoFrame> sink = sink();
    AtomicReference<VideoIngest> ingest = new AtomicReference<>();
    // Asks to stop while the 5th frame is being read, as a shutdown hook would.
    FrameSource source =
        new Wrapped(new TestPattern(1, 96, 1, 384, 384)) {
          @Override
          public boolean advance() {
            if (++calls == 5) {
              ingest.get().stop();
            }
            return super.advance();
          }
        };
    ingest.set(new VideoIngest(config, sink, ProgressBar.silent()));
    IngestStats stats = ingest.get().run(source);
    assertThat(stats.sent()).isEqualTo(5);
    assertThat(sink.values())
        .extracting(VideoFrame::getEndOfStream)
        .containsExactly(false, false, false, false, true);
  }

  @Test
  void aSourceFailureMidStreamClosesTheStreamThenSurfaces() {
    VideoIngestConfig config = VideoIngestConfig.defaults("demo");
    CollectingSink<VideoFrame> sink = sink();
    FrameSource source =
        new Wrapped(new TestPattern(1, 96, 1, 384, 384)) {
          @Override
          public boolean advance() {
            if (++calls == 4) {
              throw new IngestException(Reason.UNREADABLE, "connection reset");
            }
            return super.advance();
          }
        };
    assertThatThrownBy(() -> new VideoIngest(config, sink, ProgressBar.silent()).run(source))
        .isInstanceOf(IngestException.class)
        .hasMessage("connection reset");
    assertThat(sink.values())
        .extracting(VideoFrame::getEndOfStream)
        .containsExactly(false, false, true);
    assertThat(sink.flushes()).isEqualTo(1);
  }

  @Test
  void aSinkFailureSurfacesAndNothingMoreIsSent() {
    VideoIngestConfig config = VideoIngestConfig.defaults("demo");
    CollectingSink<VideoFrame> sink = sink().failFrom(3);
    assertThatThrownBy(
            () ->
                new VideoIngest(config, sink, ProgressBar.silent())
                    .run(new TestPattern(1, 96, 1, 384, 384)))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SINK_FAILED));
    assertThat(sink.values()).hasSize(3).noneMatch(VideoFrame::getEndOfStream);
  }

  @Test
  void aSourceWithoutAnyGoodFrameIsUndecodable() {
    VideoIngestConfig config = VideoIngestConfig.defaults("demo");
    FrameSource nothing =
        new Wrapped(new TestPattern(1, 1, 1, 64, 64)) {
          @Override
          public boolean advance() {
            return false;
          }
        };
    assertThatThrownBy(() -> new VideoIngest(config, sink(), ProgressBar.silent()).run(nothing))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE);
              assertThat(e.getMessage())
                  .isEqualTo("no frame could be decoded from pattern:1 (0 skipped)");
            });
  }

  @Test
  void configIsValidated() {
    VideoIngestConfig ok = VideoIngestConfig.defaults("s");
    assertThatThrownBy(() -> ok.withFps(0)).hasMessageContaining("got 0.0");
    assertThatThrownBy(() -> ok.withSize(8, 384)).hasMessageContaining("8x384");
    assertThatThrownBy(() -> ok.withMaxFrames(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> VideoIngestConfig.defaults(" ")).hasMessageContaining("streamId");
  }

  /** Delegates to a real source so a test can change one behaviour. */
  private static class Wrapped implements FrameSource {
    private final FrameSource inner;
    int calls;

    Wrapped(FrameSource inner) {
      this.inner = inner;
    }

    @Override
    public boolean advance() {
      return inner.advance();
    }

    @Override
    public long timestampMicros() {
      return inner.timestampMicros();
    }

    @Override
    public BufferedImage image() {
      return inner.image();
    }

    @Override
    public long skippedFrames() {
      return inner.skippedFrames();
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
