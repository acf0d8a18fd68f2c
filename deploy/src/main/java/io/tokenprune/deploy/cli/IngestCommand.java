package io.tokenprune.deploy.cli;

import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.IngestStats;
import io.tokenprune.ingest.ProgressBar;
import io.tokenprune.ingest.doc.DocumentChunker;
import io.tokenprune.ingest.doc.DocumentIngest;
import io.tokenprune.ingest.kafka.KafkaSink;
import io.tokenprune.ingest.video.FrameSource;
import io.tokenprune.ingest.video.VideoIngest;
import io.tokenprune.ingest.video.VideoIngestConfig;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.VideoFrame;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Produce video frames or documents to Kafka.",
    subcommands = {IngestCommand.Video.class, IngestCommand.Doc.class})
final class IngestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Maps ingest's reasons to exit codes: the user's input is bad (2) or delivery failed (1). */
  static RuntimeException translate(IngestException e) {
    return e.reason() == IngestException.Reason.SINK_FAILED
        ? new IllegalStateException("delivery to Kafka failed: " + e.getMessage(), e)
        : new UserInputException(e.getMessage(), e);
  }

  @Command(
      name = "video",
      mixinStandardHelpOptions = true,
      description = {
        "Sample a video at --fps, resize, JPEG-encode and produce VideoFrame records keyed by",
        "stream id to tp.video.frames. The last frame carries endOfStream=true."
      })
  static final class Video implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;

    @Option(
        names = "--source",
        required = true,
        paramLabel = "SRC",
        description = "A file path, an rtsp:// or http(s):// URL, or pattern:<seed> (generated).")
    String source;

    @Option(names = "--stream", required = true, paramLabel = "ID", description = "Stream id.")
    String streamId;

    @Option(
        names = "--fps",
        defaultValue = "1",
        description = "Sampling rate (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(
        names = "--size",
        defaultValue = "384",
        description = "Square frame size in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(
        names = "--frames",
        defaultValue = "0",
        description =
            "Stop after N sampled frames (0: until the source ends; pattern sources default to 96).")
    long maxFrames;

    @Option(
        names = "--topic",
        defaultValue = "tp.video.frames",
        description = "Target topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() {
      VideoIngestConfig cfg;
      try {
        cfg = VideoIngestConfig.defaults(streamId).withFps(fps).withSize(size, size);
        if (maxFrames > 0) {
          cfg =
              cfg.withMaxFrames(maxFrames)
                  .withPatternFrames((int) Math.min(maxFrames, Integer.MAX_VALUE));
        }
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr());
          FrameSource src = FrameSource.open(source, cfg);
          KafkaSink<VideoFrame> sink = KafkaSink.videoFrames(conn.bootstrapServers(), topic)) {
        VideoIngest ingest =
            new VideoIngest(cfg, sink, ProgressBar.onTerminal(streamId, "frames", "fps"));
        IngestStats s = ingest.run(src);
        out.printf(
            Locale.ROOT,
            "%s: %d frames (%d skipped), %.1f MB in %.2f s, %.1f frames/s -> %s%n",
            streamId,
            s.sent(),
            s.skipped(),
            s.bytes() / 1e6,
            s.wall().toNanos() / 1e9,
            s.recordsPerSecond(),
            topic);
        return 0;
      } catch (IngestException e) {
        throw translate(e);
      }
    }
  }

  @Command(
      name = "doc",
      mixinStandardHelpOptions = true,
      description = {
        "Read a .txt, .md or .pdf document and produce it as DocumentChunk records (at most",
        "900 KB each, split at character boundaries) keyed by document id to tp.docs."
      })
  static final class Doc implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;

    @Parameters(index = "0", paramLabel = "FILE", description = "The document.")
    Path file;

    @Option(names = "--id", required = true, paramLabel = "DOC_ID", description = "Document id.")
    String docId;

    @Option(
        names = "--topic",
        defaultValue = "tp.docs",
        description = "Target topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() {
      if (docId.isBlank()) {
        throw new UserInputException("--id must not be blank");
      }
      try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr());
          KafkaSink<DocumentChunk> sink =
              KafkaSink.documentChunks(conn.bootstrapServers(), topic)) {
        IngestStats s =
            new DocumentIngest(
                    sink,
                    DocumentChunker.DEFAULT_MAX_BYTES,
                    ProgressBar.onTerminal(docId, "chunks", "chunks/s"))
                .ingest(docId, file);
        spec.commandLine()
            .getOut()
            .printf(
                Locale.ROOT,
                "%s: %d chunks, %.2f MB -> %s%n",
                docId,
                s.sent(),
                s.bytes() / 1e6,
                topic);
        return 0;
      } catch (IngestException e) {
        throw translate(e);
      }
    }
  }
}
