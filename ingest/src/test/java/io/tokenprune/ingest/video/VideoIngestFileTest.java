package io.tokenprune.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenprune.ingest.CollectingSink;
import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Real files written by FFmpegFrameRecorder, decoded by FFmpeg, through the whole pipeline. */
class VideoIngestFileTest {
  private static final int SOURCE_W = 320;
  private static final int SOURCE_H = 240;
  private static final int FRAMES = 250; // 10 s at 25 fps

  @TempDir static Path dir;
  private static Path clip;

  @BeforeAll
  static void writeClip() throws Exception {
    clip = TestClips.write(dir.resolve("clip.mp4"), "mp4", 25, FRAMES, SOURCE_W, SOURCE_H);
  }

  private static CollectingSink<VideoFrame> sink() {
    return new CollectingSink<>(RecordSerdes.videoFrame());
  }

  private static IngestStats ingest(
      String source, VideoIngestConfig config, CollectingSink<VideoFrame> sink) {
    try (FrameSource frames = FrameSource.open(source, config)) {
      return new VideoIngest(config, sink, ProgressBar.silent()).run(frames);
    }
  }

  @ParameterizedTest(name = "{0} fps -> {1} frames")
  @CsvSource({"1, 10", "2, 20", "0.5, 5"})
  void samplesTheExactFrameCountWithSeqAndPtsOnTheGrid(double fps, int expected) throws Exception {
    CollectingSink<VideoFrame> sink = sink();
    IngestStats stats =
        ingest(clip.toString(), VideoIngestConfig.defaults("cam-1").withFps(fps), sink);

    List<VideoFrame> frames = sink.values();
    assertThat(frames).hasSize(expected);
    assertThat(stats.sent()).isEqualTo(expected);
    assertThat(stats.skipped()).isZero();
    assertThat(sink.keys()).containsOnly("cam-1");
    assertThat(sink.flushes()).isEqualTo(1);
    long bytes = 0;
    for (int i = 0; i < expected; i++) {
      VideoFrame f = frames.get(i);
      assertThat(f.getSeq()).isEqualTo(i);
      // First source frame (40 ms apart) at or after i / fps seconds.
      long sampleTime = Math.round(i * 1_000_000 / fps);
      long firstAtOrAfter = (sampleTime + 39_999) / 40_000 * 40_000;
      assertThat(f.getPtsMicros()).as("pts of seq %d", i).isEqualTo(firstAtOrAfter);
      assertThat(f.getEndOfStream()).isEqualTo(i == expected - 1);
      assertThat(f.getEncoding()).isEqualTo(FrameEncoding.JPEG);
      assertThat(f.getWidth()).isEqualTo(384);
      assertThat(f.getHeight()).isEqualTo(384);
      assertThat(f.getStreamId()).isEqualTo("cam-1");
      bytes += f.getData().remaining();
    }
    assertThat(stats.bytes()).isEqualTo(bytes);
    assertThat(stats.wall()).isPositive();
  }

  @Test
  void eachJpegShowsTheSourceFrameItsPtsNames() throws Exception {
    CollectingSink<VideoFrame> sink = sink();
    ingest(clip.toString(), VideoIngestConfig.defaults("cam-1"), sink);
    for (VideoFrame f : sink.values()) {
      BufferedImage image = decode(f.getData());
      assertThat(image.getWidth()).isEqualTo(384);
      assertThat(image.getHeight()).isEqualTo(384);
      int sourceFrame = (int) (f.getPtsMicros() / 40_000);
      double expectedX =
          (TestClips.squareX(sourceFrame, FRAMES, SOURCE_W) + TestClips.SQUARE / 2.0)
              * 384
              / SOURCE_W;
      assertThat(TestClips.brightCentroidX(image))
          .as("square centre in frame seq %d", f.getSeq())
          .isCloseTo(expectedX, within(3.0));
    }
  }

  @Test
  void honoursOtherSizesContainersAndRates() throws Exception {
    Path avi = TestClips.write(dir.resolve("clip30.avi"), "avi", 30, 120, 160, 120);
    CollectingSink<VideoFrame> sink = sink();
    VideoIngestConfig config = VideoIngestConfig.defaults("cam-2").withSize(224, 160);
    IngestStats stats = ingest(avi.toString(), config, sink);
    assertThat(stats.sent()).isEqualTo(4);
    assertThat(sink.values())
        .extracting(VideoFrame::getPtsMicros)
        .containsExactly(0L, 1_000_000L, 2_000_000L, 3_000_000L);
    BufferedImage image = decode(sink.values().get(0).getData());
    assertThat(image.getWidth()).isEqualTo(224);
    assertThat(image.getHeight()).isEqualTo(160);
  }

  @Test
  void maxFramesEndsTheStreamEarlyWithEndOfStream() {
    CollectingSink<VideoFrame> sink = sink();
    ingest(clip.toString(), VideoIngestConfig.defaults("cam-1").withFps(2).withMaxFrames(3), sink);
    assertThat(sink.values()).extracting(VideoFrame::getSeq).containsExactly(0L, 1L, 2L);
    assertThat(sink.values())
        .extracting(VideoFrame::getEndOfStream)
        .containsExactly(false, false, true);
  }

  @Test
  void aFileOfRandomBytesIsUndecodableWithAOneLineReason() throws Exception {
    Path junk = dir.resolve("junk.mp4");
    byte[] bytes = new byte[64 * 1024];
    new Random(7).nextBytes(bytes);
    Files.write(junk, bytes);
    assertThatThrownBy(() -> FrameSource.open(junk.toString(), VideoIngestConfig.defaults("x")))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE);
              assertThat(e.getMessage()).contains("junk.mp4").doesNotContain("\n");
            });
  }

  @Test
  void anEmptyFileIsUndecodable() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.avi"));
    assertThatThrownBy(() -> FrameSource.open(empty.toString(), VideoIngestConfig.defaults("x")))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE));
  }

  @Test
  void aFileWithOnlyAudioHasNoVideoStream() throws Exception {
    Path audio = dir.resolve("tone.mp4");
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(audio.toFile(), 1)) {
      recorder.setFormat("mp4");
      recorder.setSampleRate(16_000);
      recorder.start();
      short[] samples = new short[16_000];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) (8000 * Math.sin(i * 2 * Math.PI * 440 / 16_000));
      }
      recorder.recordSamples(ShortBuffer.wrap(samples));
    }
    assertThatThrownBy(() -> FrameSource.open(audio.toString(), VideoIngestConfig.defaults("x")))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE);
              assertThat(e.getMessage()).isEqualTo(audio + " has no video stream");
            });
  }

  @Test
  void aMissingFileOrADirectoryIsRefusedBeforeFfmpegSeesIt() {
    Path missing = dir.resolve("nope.mp4");
    assertThatThrownBy(() -> FrameSource.open(missing.toString(), VideoIngestConfig.defaults("x")))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
              assertThat(e.getMessage()).isEqualTo("no such file: " + missing);
            });
    assertThatThrownBy(() -> FrameSource.open(dir.toString(), VideoIngestConfig.defaults("x")))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE));
  }

  @Test
  void aDamagedStretchMidStreamIsSkippedCountedAndWarnedWithoutEndingTheStream() throws Exception {
    byte[] bytes = Files.readAllBytes(clip);
    Random random = new Random(1);
    int middle = bytes.length / 2;
    for (int i = 0; i < 20; i++) {
      bytes[middle + i * 97 % 4000] = (byte) random.nextInt();
    }
    Path damaged = Files.write(dir.resolve("damaged.mp4"), bytes);

    Logger logger = (Logger) LoggerFactory.getLogger(GrabberSource.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    CollectingSink<VideoFrame> sink = sink();
    IngestStats stats;
    try {
      stats = ingest(damaged.toString(), VideoIngestConfig.defaults("cam-1"), sink);
    } finally {
      logger.detachAppender(warnings);
    }

    assertThat(stats.skipped()).isPositive();
    assertThat(warnings.list)
        .hasSize((int) stats.skipped())
        .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
    // The damage spans under a second of video, so every 1 s sample time still finds a frame.
    assertThat(sink.values())
        .extracting(VideoFrame::getSeq)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(sink.values().get(9).getEndOfStream()).isTrue();
  }

  private static BufferedImage decode(ByteBuffer jpeg) throws Exception {
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.duplicate().get(bytes);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image).as("decodable JPEG").isNotNull();
    return image;
  }
}
