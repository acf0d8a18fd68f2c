package io.tokenprune.deploy.demo;

import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.ingest.video.FrameSource;
import io.tokenprune.ingest.video.VideoIngest;
import io.tokenprune.ingest.video.VideoIngestConfig;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.VideoFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The all-in-one demo against a running broker: starts the reducer in this JVM, ingests the
 * generated pattern video, waits for its compact segments and prints a summary.
 */
public final class DemoRun {
  /** Demo knobs. */
  public record Options(String streamId, String source, int frames, Duration timeout) {
    public static Options defaults() {
      return new Options("cam-demo", "pattern:7", 96, Duration.ofMinutes(5));
    }
  }

  private final String bootstrap;
  private final PrintWriter out;

  public DemoRun(String bootstrap, PrintWriter out) {
    this.bootstrap = bootstrap;
    this.out = out;
  }

  public VideoSummary runVideo(Options o) {
    Path stateDir = tempDir();
    long t0 = System.nanoTime();
    ReducerConfig rc = ReducerConfig.local(bootstrap, stateDir);
    try (ReducerApp reducer = ReducerApp.start(rc);
        SegmentCollector collector = new SegmentCollector(bootstrap, rc.topics().videoCompact())) {
      VideoIngestConfig cfg =
          VideoIngestConfig.defaults(o.streamId()).withPatternFrames(o.frames());
      IngestStats stats;
      try (FrameSource src = FrameSource.open(o.source(), cfg);
          KafkaSink<VideoFrame> sink =
              KafkaSink.videoFrames(bootstrap, rc.topics().videoFrames())) {
        stats =
            new VideoIngest(cfg, sink, ProgressBar.onTerminal(o.streamId(), "frames", "fps"))
                .run(src);
      }
      out.printf(
          Locale.ROOT,
          "ingested %d frames of %s as stream %s (%.1f frames/s)%n",
          stats.sent(),
          o.source(),
          o.streamId(),
          stats.recordsPerSecond());
      out.flush();
      Map<String, List<CompactSegment>> segs =
          collector.awaitStreams(Map.of(o.streamId(), stats.sent() - 1), o.timeout());
      double e2e = (System.nanoTime() - t0) / 1e9;
      return VideoSummary.of(
          o.streamId(),
          stats.sent(),
          stats.bytes(),
          segs.get(o.streamId()),
          stats.wall().toNanos() / 1e9,
          e2e);
    } finally {
      deleteRecursively(stateDir);
    }
  }

  /** Prints the summary table. */
  public static void print(PrintWriter out, VideoSummary s) {
    out.println();
    out.println(
        "| stream | frames | segments | tokens in | tokens out | kept | JPEG MB | compact MB | wall s |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %d | %d | %.1f%% | %.2f | %.2f | %.1f |%n",
        s.streamId(),
        s.frames(),
        s.segments(),
        s.tokensIn(),
        s.tokensOut(),
        100 * s.retention(),
        s.jpegBytes() / 1e6,
        s.compactBytes() / 1e6,
        s.endToEndSeconds());
    out.flush();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("tokenprune-demo-state-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}
