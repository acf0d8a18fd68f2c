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
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation slice end to end through a real broker: three streams ingested concurrently from
 * generated video, reduced by the Streams app, read back committed-only. Every frame seq of every
 * stream must arrive exactly once and in order.
 */
@ExtendWith(KafkaBroker.class)
class VideoPipelineIT {
  @TempDir Path stateDir;

  @Test
  void everyFrameOfEveryStreamArrivesExactlyOnceInOrder(KafkaBroker.Broker broker)
      throws Exception {
    TopicNames topics = TopicNames.defaults().withPrefix("slice.");
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(ap)) {
      new TopicsApplier(admin)
          .apply(TopicCatalog.bundled().stream().map(s -> s.renamed("slice." + s.name())).toList());
    }
    ReducerConfig rc =
        ReducerConfig.local(broker.bootstrapServers(), stateDir)
            .withTopics(topics)
            .withApplicationId("slice-it");
    List<String> streams = List.of("cam-a", "cam-b", "cam-c");
    Map<String, Long> lastSeq = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(streams.size());
    try (ReducerApp reducer = ReducerApp.start(rc);
        SegmentCollector collector =
            new SegmentCollector(broker.bootstrapServers(), topics.videoCompact())) {
      Map<String, Future<IngestStats>> runs = new HashMap<>();
      for (int i = 0; i < streams.size(); i++) {
        String id = streams.get(i);
        long seed = 11 + i;
        runs.put(
            id,
            pool.submit(
                () ->
                    ingest(broker.bootstrapServers(), topics, id, seed, 24 + 4 * (int) seed % 3)));
      }
      for (String id : streams) {
        IngestStats stats = runs.get(id).get();
        assertThat(stats.skipped()).isZero();
        lastSeq.put(id, stats.sent() - 1);
      }
      Map<String, List<CompactSegment>> got =
          collector.awaitStreams(lastSeq, Duration.ofMinutes(3));
      for (String id : streams) {
        List<Long> seqs =
            got.get(id).stream()
                .flatMapToLong(s -> LongStream.rangeClosed(s.getFirstSeq(), s.getLastSeq()))
                .boxed()
                .toList();
        assertThat(seqs)
            .as("stream %s: every seq exactly once, in order", id)
            .containsExactlyElementsOf(LongStream.rangeClosed(0, lastSeq.get(id)).boxed().toList());
        assertThat(got.get(id)).allSatisfy(s -> assertThat(s.getStreamId()).isEqualTo(id));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static IngestStats ingest(
      String bootstrap, TopicNames topics, String id, long seed, int frames) {
    VideoIngestConfig cfg = VideoIngestConfig.defaults(id).withPatternFrames(frames);
    try (FrameSource src = FrameSource.open("pattern:" + seed, cfg);
        KafkaSink<VideoFrame> sink = KafkaSink.videoFrames(bootstrap, topics.videoFrames())) {
      return new VideoIngest(cfg, sink, ProgressBar.silent()).run(src);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
