package io.tokenprune.it;

import io.tokenprune.deploy.broker.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * JUnit extension that gives integration tests a real broker: Testcontainers' Kafka when a Docker
 * engine answers, otherwise the in-process {@link EmbeddedKafka}. One broker serves the whole test
 * run; it is stopped when the run ends. Tests receive a {@link Broker} parameter.
 */
public final class KafkaBroker implements ParameterResolver {
  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

  /** A running broker. */
  public interface Broker {
    String bootstrapServers();

    String kind();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == Broker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot()
        .getStore(ExtensionContext.Namespace.create(KafkaBroker.class))
        .getOrComputeIfAbsent("broker", k -> start(), Running.class);
  }

  private static Running start() {
    if (dockerAnswers()) {
      KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
      container.start();
      log.info("integration tests use Testcontainers Kafka {}", KAFKA_IMAGE);
      return new Running(container.getBootstrapServers(), "testcontainers", container::stop);
    }
    EmbeddedKafka kafka = EmbeddedKafka.start();
    log.info("no Docker engine answers: integration tests use the embedded KRaft broker");
    return new Running(kafka.bootstrapServers(), "embedded", kafka::close);
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Closed by JUnit when the root context (the whole run) ends. */
  record Running(String bootstrapServers, String kind, Runnable stop)
      implements Broker, ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }
}
