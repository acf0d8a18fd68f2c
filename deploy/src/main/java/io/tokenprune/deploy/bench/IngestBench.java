package io.tokenprune.deploy.bench;

import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.ingest.video.FrameSource;
import io.tokenprune.ingest.video.VideoIngest;
import io.tokenprune.ingest.video.VideoIngestConfig;
import io.tokenprune.schemas.VideoFrame;

/**
 * Ingest throughput: generated 384x384 frames, JPEG-encoded and produced (idempotent, acks=all) to
 * the broker, end to end including the final acknowledgement.
 */
public final class IngestBench {
  private IngestBench() {}

  public static IngestStats run(String bootstrap, String topic, int frames, String streamId) {
    VideoIngestConfig cfg = VideoIngestConfig.defaults(streamId).withPatternFrames(frames);
    try (FrameSource src = FrameSource.open("pattern:3", cfg);
        KafkaSink<VideoFrame> sink = KafkaSink.videoFrames(bootstrap, topic)) {
      return new VideoIngest(cfg, sink, ProgressBar.silent()).run(src);
    } catch (Exception e) {
      throw new IllegalStateException("ingest bench failed: " + e.getMessage(), e);
    }
  }
}
