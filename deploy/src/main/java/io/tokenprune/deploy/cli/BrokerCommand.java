package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.broker.EmbeddedKafka;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the embedded broker on its own until SIGTERM or Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded single-node KRaft broker until stopped (SIGTERM or Ctrl-C).",
      "Prints its bootstrap address; pass it to other commands with --bootstrap."
    })
final class BrokerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--no-topics",
      description = "Do not create the tokenprune topics from topics.yaml.")
  boolean noTopics;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "broker-shutdown"));
    if (!noTopics) {
      KafkaTarget.createTopics(kafka.bootstrapServers());
    }
    spec.commandLine().getOut().println("bootstrap: " + kafka.bootstrapServers());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
