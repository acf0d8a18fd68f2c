package io.tokenprune.deploy.cli;

import io.tokenprune.reducer.docs.DocumentSettings;
import io.tokenprune.reducer.stream.ReducerApp;
import io.tokenprune.reducer.stream.ReducerConfig;
import io.tokenprune.schemas.topic.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the reducer service (Kafka Streams) until SIGTERM. Scale out by starting more of them. */
@Command(
    name = "reducer",
    mixinStandardHelpOptions = true,
    description = {
      "Run the token reducer until stopped: tp.video.frames -> HoliTom -> tp.video.compact, and",
      "with --model, tp.docs + tp.qa.requests -> GemFilter -> tp.context.compact; exactly once.",
      "Start more instances with the same --application-id to scale out."
    })
final class ReducerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Option(
      names = "--application-id",
      defaultValue = "tokenprune-reducer",
      description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--state-dir",
      defaultValue = "${sys:java.io.tmpdir}/tokenprune-reducer",
      description = "Local state (RocksDB) directory (default ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Stream threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix for every topic name.")
  String topicPrefix;

  @Option(
      names = "--pass-through",
      description = "Emit every frame whole (no pruning): a baseline.")
  boolean passThrough;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "A Hugging Face model folder: enables the document path (GemFilter over tp.docs and"
              + " tp.qa.requests). Without it the reducer handles video only.")
  Path model;

  @Option(
      names = "--config",
      paramLabel = "KEY=VALUE",
      description = "Extra Kafka Streams or client setting (repeatable).")
  Map<String, String> overrides = Map.of();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ReducerConfig config;
    try {
      config =
          ReducerConfig.local("placeholder:0", stateDir)
              .withApplicationId(applicationId)
              .withThreads(threads)
              .withTopics(TopicNames.defaults().withPrefix(topicPrefix))
              .withMode(passThrough ? ReducerConfig.Mode.PASS_THROUGH : ReducerConfig.Mode.HOLITOM)
              .withStreamsOverrides(overrides);
      if (model != null) {
        if (!java.nio.file.Files.isDirectory(model)) {
          throw new UserInputException("--model " + model + " is not a directory");
        }
        config = config.withDocuments(DocumentSettings.of(model));
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    KafkaTarget.Connection conn = kafka.connect(spec.commandLine().getErr());
    ReducerApp app = ReducerApp.start(config.withBootstrap(conn.bootstrapServers()));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  conn.close();
                },
                "reducer-shutdown"));
    out.println(
        "reducer running: application id "
            + applicationId
            + ", bootstrap "
            + conn.bootstrapServers()
            + (passThrough ? ", pass-through" : ", HoliTom")
            + (model == null ? "" : ", documents with " + model));
    out.flush();
    return app.awaitStopped() == KafkaStreams.State.ERROR ? 1 : 0;
  }
}
