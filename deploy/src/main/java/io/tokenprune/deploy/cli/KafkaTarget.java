package io.tokenprune.deploy.cli;

import io.tokenprune.deploy.broker.EmbeddedKafka;
import io.tokenprune.deploy.topics.TopicCatalog;
import io.tokenprune.deploy.topics.TopicsApplier;
import io.tokenprune.deploy.topics.TopicsException;
import java.io.PrintWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap} option every command shares. Without it, the command starts the embedded
 * broker and creates the topics from the bundled topics.yaml, so it works on a bare machine.
 */
public final class KafkaTarget {
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "Kafka bootstrap servers. Without it, an embedded single-node broker is started.")
  String bootstrap;

  /** A broker to talk to; closing it stops the embedded broker if one was started. */
  public record Connection(String bootstrapServers, EmbeddedKafka embedded)
      implements AutoCloseable {
    public boolean isEmbedded() {
      return embedded != null;
    }

    @Override
    public void close() {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  public Connection connect(PrintWriter err) {
    if (bootstrap != null) {
      return new Connection(bootstrap, null);
    }
    err.println("starting the embedded Kafka broker (no --bootstrap given)...");
    err.flush();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      createTopics(kafka.bootstrapServers());
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return new Connection(kafka.bootstrapServers(), kafka);
  }

  static void createTopics(String bootstrapServers) {
    java.util.Properties p = new java.util.Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(p)) {
      new TopicsApplier(admin).apply(TopicCatalog.bundled());
    } catch (TopicsException e) {
      throw new IllegalStateException("cannot create the topics: " + e.getMessage(), e);
    }
  }
}
