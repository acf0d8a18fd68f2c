package io.tokenprune.deploy.bench;

import io.tokenprune.deploy.demo.SegmentCollector;
import io.tokenprune.deploy.topics.TopicSpec;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.inference.vision.EncodedFrame;
import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.ingest.video.TestPattern;
import io.tokenprune.reducer.frame.FrameDecoder;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.tensor.TokenFrameCodec;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * End-to-end reducer throughput through a real broker: the HoliTom reducer against a pass-through
 * Streams app (same decode, same records, no pruning), over the same pre-encoded token input
 * (frames encoded once by the PatchEncoder at SigLIP size and produced as TOKENS_F16), alternating
 * runs in one process so both see the same machine.
 */
public final class ReducerBench {
  /** One timed run. */
  public record Run(
      ReducerConfig.Mode mode, int round, long frames, long tokensOut, double seconds) {
    public double framesPerSecond() {
      return frames / seconds;
    }
  }

  private final String bootstrap;
  private final int streams;
  private final int framesPerStream;
  private final int dim;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  public ReducerBench(String bootstrap, int streams, int framesPerStream, int dim) {
    this.bootstrap = bootstrap;
    this.streams = streams;
    this.framesPerStream = framesPerStream;
    this.dim = dim;
  }

  public String inputTopic() {
    return "bench." + runId + ".tokens";
  }

  /** Encodes the pattern video once per stream and produces it as token frames. */
  public void produceInput() throws Exception {
    createTopics(List.of(inputTopic(), "bench." + runId + ".policies", "bench." + runId + ".dlq"));
    PatchEncoder encoder = new PatchEncoder(14, dim, PatchEncoder.DEFAULT_SEED);
    try (KafkaSink<VideoFrame> sink = KafkaSink.videoFrames(bootstrap, inputTopic())) {
      for (int s = 0; s < streams; s++) {
        String id = "bench-cam-" + s;
        TestPattern pattern = new TestPattern(100 + s, framesPerStream, 1.0, 384, 384);
        for (int i = 0; i < framesPerStream; i++) {
          EncodedFrame enc = encoder.encode(FrameDecoder.toRgb(pattern.render(i)), 384, 384);
          byte[] data =
              TokenFrameCodec.encode(enc.tokens(), enc.saliency(), enc.patches(), enc.dim());
          sink.send(
              id,
              VideoFrame.newBuilder()
                  .setStreamId(id)
                  .setSeq(i)
                  .setPtsMicros(i * 1_000_000L)
                  .setWidth(384)
                  .setHeight(384)
                  .setEncoding(FrameEncoding.TOKENS_F16)
                  .setData(ByteBuffer.wrap(data))
                  .setEndOfStream(i == framesPerStream - 1)
                  .build());
        }
      }
      sink.flush();
    }
  }

  /** Runs one app over the whole input and times it from RUNNING to the last segment committed. */
  public Run run(ReducerConfig.Mode mode, int round) throws Exception {
    String tag = "bench." + runId + "." + mode.name().toLowerCase() + "." + round;
    TopicNames topics =
        new TopicNames(
            inputTopic(),
            tag + ".compact",
            tag + ".docs",
            tag + ".qa",
            tag + ".context",
            "bench." + runId + ".policies",
            "bench." + runId + ".dlq");
    createTopics(List.of(topics.videoCompact()));
    Path state = Files.createTempDirectory("tokenprune-bench-");
    ReducerConfig config =
        ReducerConfig.local(bootstrap, state)
            .withTopics(topics)
            .withApplicationId(tag)
            .withMode(mode)
            .withStreamsOverrides(Map.of("consumer.max.partition.fetch.bytes", "16777216"));
    Map<String, Long> last = new HashMap<>();
    for (int s = 0; s < streams; s++) {
      last.put("bench-cam-" + s, framesPerStream - 1L);
    }
    try (SegmentCollector collector = new SegmentCollector(bootstrap, topics.videoCompact());
        ReducerApp app = ReducerApp.start(config, id -> EffectivePolicy.DEFAULTS)) {
      if (!app.awaitRunning(Duration.ofMinutes(1))) {
        throw new IllegalStateException(mode + " reducer did not reach RUNNING");
      }
      long t0 = System.nanoTime();
      Map<String, List<CompactSegment>> out = collector.awaitStreams(last, Duration.ofMinutes(10));
      double seconds = (System.nanoTime() - t0) / 1e9;
      long tokensOut =
          out.values().stream()
              .flatMap(List::stream)
              .mapToLong(CompactSegment::getTokenCount)
              .sum();
      return new Run(mode, round, (long) streams * framesPerStream, tokensOut, seconds);
    } finally {
      deleteQuietly(state);
    }
  }

  /**
   * A warm-up round (round 0: JIT, page cache, broker segments) then {@code rounds} measured
   * rounds, alternating pass-through and HoliTom.
   */
  public List<Run> runAll(int rounds) throws Exception {
    List<Run> runs = new ArrayList<>();
    for (int r = 0; r <= rounds; r++) {
      runs.add(run(ReducerConfig.Mode.PASS_THROUGH, r));
      runs.add(run(ReducerConfig.Mode.HOLITOM, r));
    }
    return runs;
  }

  private void createTopics(List<String> names) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      List<TopicSpec> topics = new ArrayList<>();
      for (String n : names) {
        topics.add(
            new TopicSpec(
                n,
                Math.max(1, streams),
                Optional.empty(),
                Map.of("max.message.bytes", String.valueOf(16 * 1024 * 1024))));
      }
      // the applier returns once the broker shows the topics, before Streams looks for them
      new TopicsApplier(admin).apply(topics);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // a temp dir
    }
  }
}
