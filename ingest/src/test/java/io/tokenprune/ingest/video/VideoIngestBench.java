package io.tokenprune.ingest.video;

import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.RecordSink;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.serde.AvroSerde;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Ingest throughput without a broker: frames are Avro-serialized and dropped. Not a test; run
 * {@code main} after {@code ./mvnw -pl ingest test-compile}, e.g. {@code java -cp
 * ingest/target/test-classes:ingest/target/classes:<deps>
 * io.tokenprune.ingest.video.VideoIngestBench}. Prints, per case, the best of 3 runs.
 */
public final class VideoIngestBench {
  private VideoIngestBench() {}

  /** Serializes like the Kafka sink would, then drops the bytes. */
  private static final class SerializingSink implements RecordSink<VideoFrame> {
    private final AvroSerde<VideoFrame> serde = RecordSerdes.videoFrame();
    long bytes;

    @Override
    public void send(String key, VideoFrame value) {
      bytes += serde.serialize("bench", value).length;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("ingest-bench");
    Path clip = TestClips.write(dir.resolve("720p.mp4"), "mp4", 25, 500, 1280, 720);
    VideoIngestConfig base = VideoIngestConfig.defaults("bench");
    run("pattern:42, 96 frames 384x384 (render + JPEG)", "pattern:42", base);
    run("720p25 mp4 20 s, sampled at 1 fps", clip.toString(), base);
    run("720p25 mp4 20 s, every frame (25 fps)", clip.toString(), base.withFps(25));
    Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
  }

  private static void run(String label, String source, VideoIngestConfig config) {
    IngestStats best = null;
    for (int i = 0; i < 3; i++) {
      try (FrameSource frames = FrameSource.open(source, config)) {
        IngestStats stats =
            new VideoIngest(config, new SerializingSink(), ProgressBar.silent()).run(frames);
        if (best == null || stats.wall().compareTo(best.wall()) < 0) {
          best = stats;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-45s %4d frames in %6.0f ms: %6.1f frames/s, %5.2f MB/s, %.1f KB/frame%n",
        label,
        best.sent(),
        best.wall().toNanos() / 1e6,
        best.recordsPerSecond(),
        best.megabytesPerSecond(),
        best.bytes() / 1e3 / best.sent());
  }
}
