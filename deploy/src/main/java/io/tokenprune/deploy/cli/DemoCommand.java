package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.demo.DemoRun;
import io.tokenprune.deploy.demo.DocumentQaDemo;
import io.tokenprune.deploy.demo.VideoSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline in one JVM: the embedded broker (unless --bootstrap), the topics,",
      "the reducer, a generated test video, and a summary of what the reducer produced."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Option(
      names = "--source",
      defaultValue = "pattern:7",
      description = "Video source (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--frames",
      defaultValue = "96",
      description = "Frames of the generated pattern (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--timeout",
      defaultValue = "PT5M",
      description =
          "Give up waiting for results after this ISO-8601 duration (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    if (frames < 1) {
      throw new UserInputException("--frames must be >= 1, got " + frames);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr())) {
      out.println("broker: " + conn.bootstrapServers() + (conn.isEmbedded() ? " (embedded)" : ""));
      DemoRun demo = new DemoRun(conn.bootstrapServers(), out);
      VideoSummary video = demo.runVideo(new DemoRun.Options("cam-demo", source, frames, timeout));
      DemoRun.print(out, video);
      // llm-gateway part: document questions with and without pruning, the stream's timeline
      new DocumentQaDemo(conn.bootstrapServers(), out)
          .run(DocumentQaDemo.Options.of(video.streamId(), video.frames() - 1));
      // end of the llm-gateway part
    }
    return 0;
  }
}
