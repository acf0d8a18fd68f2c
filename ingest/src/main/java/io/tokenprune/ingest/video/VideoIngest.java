package io.tokenprune.ingest.video;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestException.Reason;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.RecordSink;
import io.tokenprune.schemas.FrameEncoding;
import io.tokenprune.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * The video pipeline: frames from a {@link FrameSource}, sampled at {@code config.fps()} by a
 * {@link FrameSampler}, JPEG-encoded at the configured size, sent to a sink as {@link VideoFrame}
 * records keyed by streamId, with seq from 0 and the source timestamp as ptsMicros.
 *
 * <p>One frame is held back so the last one can carry {@code endOfStream=true}. The stream is
 * closed that way on every ending: the source runs out, {@code maxFrames} is reached, {@link
 * #stop()} is called, or the source fails mid-stream (the error is rethrown after the last frame
 * went out). Only a sink failure leaves the stream open, since nothing more can be delivered.
 */
public final class VideoIngest {
  /** JPEG payload limit, so a VideoFrame record stays under 1 MiB. */
  public static final int MAX_FRAME_BYTES = 1_000_000;

  private final VideoIngestConfig config;
  private final RecordSink<VideoFrame> sink;
  private final ProgressBar progress;
  private volatile boolean stopRequested;

  public VideoIngest(VideoIngestConfig config, RecordSink<VideoFrame> sink, ProgressBar progress) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Asks a running {@link #run} to end the stream after the frame in hand, as from a shutdown hook;
   * safe to call from any thread.
   */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Sends the sampled frames of {@code source} and waits until the sink acknowledged all of them.
   * The caller owns and closes the source.
   *
   * @throws IngestException UNDECODABLE if no frame could be decoded, TOO_LARGE for a JPEG over
   *     {@link #MAX_FRAME_BYTES}, SINK_FAILED if delivery failed, or whatever the source throws
   */
  public IngestStats run(FrameSource source) {
    long start = System.nanoTime();
    FrameSampler sampler = new FrameSampler(config.fps());
    Counts counts = new Counts();
    VideoFrame held = null;
    try {
      try (JpegEncoder jpeg = new JpegEncoder(config.jpegQuality())) {
        long seq = 0;
        while (!stopRequested
            && (config.maxFrames() == 0 || seq < config.maxFrames())
            && source.advance()) {
          long pts = source.timestampMicros();
          if (!sampler.accept(pts)) {
            continue;
          }
          VideoFrame frame = frame(seq++, pts, jpeg.encode(source.image()), source);
          if (held != null) {
            send(held, counts);
          }
          held = frame;
        }
      } catch (IngestException e) {
        if (held != null && e.reason() != Reason.SINK_FAILED) {
          try {
            endStream(held, counts);
          } catch (IngestException sinkFailure) {
            e.addSuppressed(sinkFailure);
          }
        }
        throw e;
      }
      if (held == null) {
        throw new IngestException(
            Reason.UNDECODABLE,
            "no frame could be decoded from "
                + source.name()
                + " ("
                + source.skippedFrames()
                + " skipped)");
      }
      endStream(held, counts);
    } finally {
      progress.finish(counts.sent, counts.bytes);
    }
    return new IngestStats(
        counts.sent,
        source.skippedFrames(),
        counts.bytes,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private VideoFrame frame(long seq, long pts, byte[] jpeg, FrameSource source) {
    if (jpeg.length > MAX_FRAME_BYTES) {
      throw new IngestException(
          Reason.TOO_LARGE,
          source.name()
              + ": frame "
              + seq
              + " is "
              + jpeg.length
              + " bytes of JPEG, over the "
              + MAX_FRAME_BYTES
              + "-byte limit; lower the size or the JPEG quality");
    }
    return VideoFrame.newBuilder()
        .setStreamId(config.streamId())
        .setSeq(seq)
        .setPtsMicros(pts)
        .setWidth(config.width())
        .setHeight(config.height())
        .setEncoding(FrameEncoding.JPEG)
        .setData(ByteBuffer.wrap(jpeg))
        .setEndOfStream(false)
        .build();
  }

  private void endStream(VideoFrame last, Counts counts) {
    last.setEndOfStream(true);
    send(last, counts);
    sink.flush();
  }

  private void send(VideoFrame frame, Counts counts) {
    sink.send(config.streamId(), frame);
    counts.sent++;
    counts.bytes += frame.getData().remaining();
    progress.update(counts.sent, counts.bytes);
  }

  /** Running totals of one run. */
  private static final class Counts {
    long sent;
    long bytes;
  }
}
