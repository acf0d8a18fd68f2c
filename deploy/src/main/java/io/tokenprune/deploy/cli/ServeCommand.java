package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.serve.BundledModel;
import io.tokenprune.deploy.serve.ServeRun;
import io.tokenprune.gateway.BackendSettings;
import io.tokenprune.gateway.GatewayConfig;
import io.tokenprune.gateway.KafkaSettings;
import io.tokenprune.gateway.api.RequestLimits;
import io.tokenprune.gateway.backend.UpstreamSettings;
import io.tokenprune.gateway.http.ApiKeys;
import io.tokenprune.gateway.http.ServerSettings;
import io.tokenprune.gateway.video.MemoryLimits;
import io.tokenprune.inference.runtime.DeviceChoice;
import io.tokenprune.inference.runtime.RuntimeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the OpenAI-compatible gateway until SIGTERM. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the OpenAI-compatible LLM gateway until stopped (SIGTERM or Ctrl-C), draining the",
      "answers in flight. Without --bootstrap it also runs the embedded broker and the reducer in",
      "this JVM (its address goes to stderr: ingest with --bootstrap ADDRESS). Prints one line:",
      "'gateway listening on http://HOST:PORT'. API keys come from TOKENPRUNE_API_KEYS",
      "(comma-separated) or --api-key-file; with none, the API is open."
    })
final class ServeCommand implements Callable<Integer> {
  static final String KEYS_ENV = "TOKENPRUNE_API_KEYS";

  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port; 0 for any free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Hugging Face model folder for the local backend (default: the bundled models/"
              + BundledModel.NAME
              + ").")
  Path model;

  @Option(
      names = "--model-id",
      description = "The id clients use (default: the model folder's name).")
  String modelId;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--upstream",
      paramLabel = "URL",
      description =
          "Answer with an OpenAI-compatible server instead, e.g. http://localhost:8000/v1.")
  URI upstream;

  @Option(names = "--upstream-model", description = "The model name the upstream serves.")
  String upstreamModel;

  @Option(
      names = "--upstream-key-env",
      defaultValue = "TOKENPRUNE_UPSTREAM_KEY",
      description =
          "Environment variable holding the upstream's API key (default ${DEFAULT-VALUE}).")
  String upstreamKeyEnv;

  @Option(
      names = "--upstream-timeout",
      defaultValue = "PT120S",
      description = "ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration upstreamTimeout;

  @Option(names = "--api-key-file", paramLabel = "FILE", description = "API keys, one per line.")
  Path apiKeyFile;

  @Option(
      names = "--max-concurrent",
      defaultValue = "4",
      description = "Answers at once; more get 429 (default ${DEFAULT-VALUE}).")
  int maxConcurrent;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "4194304",
      description = "Largest request body (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--max-messages",
      defaultValue = "256",
      description = "Most messages per request (default ${DEFAULT-VALUE}).")
  int maxMessages;

  @Option(
      names = "--max-tokens",
      defaultValue = "256",
      description = "Completion tokens when a request sets none (default ${DEFAULT-VALUE}).")
  int defaultMaxTokens;

  @Option(
      names = "--selection-timeout",
      defaultValue = "PT30S",
      description = "Wait for a document selection, ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration selectionTimeout;

  @Option(
      names = "--drain-timeout",
      defaultValue = "PT60S",
      description = "Wait for answers in flight at shutdown (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--state-dir",
      description =
          "The embedded reducer's state directory (default: a fresh temporary one, deleted at"
              + " exit, since the embedded broker's data goes too).")
  Path stateDir;

  @Override
  public Integer call() throws IOException, InterruptedException {
    GatewayConfig config = config("placeholder:0");
    PrintWriter err = spec.commandLine().getErr();
    KafkaTarget.Connection conn = kafka.connect(err);
    ServeRun run;
    try {
      Optional<ServeRun.Reducer> reducer =
          conn.isEmbedded()
              ? Optional.of(new ServeRun.Reducer(selectorModel(), state()))
              : Optional.empty();
      if (conn.isEmbedded()) {
        err.println(
            "embedded Kafka broker at "
                + conn.bootstrapServers()
                + " (ingest with --bootstrap "
                + conn.bootstrapServers()
                + "); reducer running in this JVM");
        err.flush();
      }
      run =
          ServeRun.start(
              config.withKafka(config.kafka().withBootstrap(conn.bootstrapServers())), reducer);
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  run.close();
                  conn.close();
                  if (stateDir == null && temporaryState != null) {
                    deleteTree(temporaryState);
                  }
                  err.println("tokenprune serve: stopped");
                  err.flush();
                },
                "serve-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("gateway listening on " + run.url());
    out.flush();
    run.awaitClosed();
    return 0;
  }

  private Path temporaryState;

  private Path state() throws IOException {
    if (stateDir != null) {
      return stateDir;
    }
    temporaryState = Files.createTempDirectory("tokenprune-serve-state-");
    return temporaryState;
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: best effort
    }
  }

  /** Every flag checked and turned into the gateway's config; bad values exit 2. */
  GatewayConfig config(String bootstrap) {
    try {
      RequestLimits limits =
          new RequestLimits(
              maxBodyBytes, maxMessages, defaultMaxTokens, Math.max(4096, defaultMaxTokens));
      ServerSettings server =
          new ServerSettings(host, port, apiKeys(), limits, maxConcurrent, drainTimeout);
      KafkaSettings k = KafkaSettings.of(bootstrap).withSelectionTimeout(selectionTimeout);
      return new GatewayConfig(server, backend(), k, MemoryLimits.defaults());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private BackendSettings backend() {
    if (upstream != null) {
      if (model != null) {
        throw new UserInputException("give --model or --upstream, not both");
      }
      if (upstreamModel == null) {
        throw new UserInputException("--upstream needs --upstream-model, the model name it serves");
      }
      return new BackendSettings.Upstream(
          new UpstreamSettings(
              upstream,
              Optional.ofNullable(System.getenv(upstreamKeyEnv)),
              upstreamModel,
              upstreamTimeout));
    }
    Path dir = model != null ? model : BundledModel.dir();
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new UserInputException(
          "model folder "
              + dir
              + " has no config.json"
              + (model == null
                  ? " (the bundled model is not there; pass --model DIR or --upstream URL)"
                  : ""));
    }
    return new BackendSettings.Local(
        dir,
        RuntimeConfig.cpu().withDevice(DeviceChoice.parse(device)),
        Optional.ofNullable(modelId));
  }

  /** The embedded reducer selects with the local model, or the bundled one behind an upstream. */
  private Optional<Path> selectorModel() {
    Path dir = model != null ? model : BundledModel.dir();
    return BundledModel.present(dir)
            || (model != null && Files.isRegularFile(dir.resolve("config.json")))
        ? Optional.of(dir)
        : Optional.empty();
  }

  private ApiKeys apiKeys() {
    List<String> keys = new ArrayList<>();
    String env = System.getenv(KEYS_ENV);
    if (env != null && !env.isBlank()) {
      Arrays.stream(env.split(",")).map(String::strip).filter(k -> !k.isEmpty()).forEach(keys::add);
    }
    if (apiKeyFile != null) {
      try {
        Files.readAllLines(apiKeyFile).stream()
            .map(String::strip)
            .filter(k -> !k.isEmpty() && !k.startsWith("#"))
            .forEach(keys::add);
      } catch (IOException e) {
        throw new UserInputException(
            "cannot read --api-key-file " + apiKeyFile + ": " + e.getMessage(), e);
      }
    }
    return ApiKeys.of(keys);
  }
}
