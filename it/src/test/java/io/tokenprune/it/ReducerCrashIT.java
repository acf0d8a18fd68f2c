package io.tokenprune.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.deploy.demo.SegmentCollector;
import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.ingest.video.FrameSource;
import io.tokenprune.ingest.video.VideoIngest;
import io.tokenprune.ingest.video.VideoIngestConfig;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the reducer (SIGKILL of its JVM) in the middle of a stream, with frames buffered in its
 * window store and a transaction open, then starts a new instance on an empty state dir, which must
 * rebuild the buffer from the changelog. Every frame seq must be covered by exactly one segment,
 * with no gap, no overlap and no repeated segment index.
 */
@ExtendWith(KafkaBroker.class)
class ReducerCrashIT {
  private static final String PREFIX = "crash.";
  private static final int FRAMES = 150;

  /** Paces the camera at 10 frames/s, so the 15 s stream outlives the first reducer. */
  private static final long FRAME_INTERVAL_MS = 100;

  @TempDir Path tmp;

  @Test
  void aKilledReducerLosesNoFrameAndDuplicatesNoSegment(KafkaBroker.Broker broker)
      throws Exception {
    TopicNames topics = TopicNames.defaults().withPrefix(PREFIX);
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(ap)) {
      new TopicsApplier(admin)
          .apply(TopicCatalog.bundled().stream().map(s -> s.renamed(PREFIX + s.name())).toList());
    }
    Path log = tmp.resolve("reducer.log");
    try (SegmentCollector collector =
        new SegmentCollector(broker.bootstrapServers(), topics.videoCompact())) {
      ReducerProcess first =
          ReducerProcess.start(
              broker.bootstrapServers(), "crash-it", PREFIX, tmp.resolve("state-1"), log);
      // frames keep coming while the reducer dies and comes back, as from a live camera
      CompletableFuture<IngestStats> ingest =
          CompletableFuture.supplyAsync(() -> ingest(broker.bootstrapServers(), topics));
      // let it emit some segments, so the crash lands mid-stream with a partial window buffered
      Map<String, List<CompactSegment>> early =
          collector.awaitStreams(Map.of("cam-crash", 40L), Duration.ofMinutes(2));
      assertThat(early.get("cam-crash")).isNotEmpty();
      assertThat(ingest).as("the camera is still sending when the reducer dies").isNotDone();
      first.kill();
      assertThat(first.isAlive()).isFalse();

      try (ReducerProcess second =
          ReducerProcess.start(
              broker.bootstrapServers(), "crash-it", PREFIX, tmp.resolve("state-2"), log)) {
        IngestStats stats = ingest.get();
        assertThat(stats.sent()).isEqualTo(FRAMES);
        List<CompactSegment> segs =
            collector
                .awaitStreams(Map.of("cam-crash", FRAMES - 1L), Duration.ofMinutes(3))
                .get("cam-crash");
        List<Long> seqs =
            segs.stream()
                .flatMapToLong(s -> LongStream.rangeClosed(s.getFirstSeq(), s.getLastSeq()))
                .boxed()
                .toList();
        assertThat(seqs)
            .as("every frame in exactly one segment, in order; reducer log:%n%s", tail(log))
            .containsExactlyElementsOf(LongStream.range(0, FRAMES).boxed().toList());
        assertThat(segs)
            .extracting(CompactSegment::getSegmentIndex)
            .as("segment indexes 0..S-1, none repeated")
            .containsExactlyElementsOf(LongStream.range(0, segs.size()).boxed().toList());
      }
    }
  }

  private static IngestStats ingest(String bootstrap, TopicNames topics) {
    VideoIngestConfig cfg =
        VideoIngestConfig.defaults("cam-crash").withPatternFrames(FRAMES).withFps(1);
    try (FrameSource src = FrameSource.open("pattern:21", cfg);
        KafkaSink<VideoFrame> sink = KafkaSink.videoFrames(bootstrap, topics.videoFrames())) {
      return new VideoIngest(cfg, new PacedSink<>(sink, FRAME_INTERVAL_MS), ProgressBar.silent())
          .run(src);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }
}
