package io.tokenprune.ingest.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producer properties for ingest: idempotent ({@code enable.idempotence=true, acks=all}, retries
 * left at the client's default, which is unbounded within {@code delivery.timeout.ms}), so a retry
 * never duplicates or reorders a frame within a partition.
 */
public final class ProducerSettings {
  /**
   * 1.125 MiB: admits one record with a 1 MiB value plus key, headers and batch overhead. The
   * ingest pipelines keep values below 1 MiB (JPEG at most 1,000,000 bytes, text at most 900 KB),
   * so topics need no max.message.bytes above the broker's default 1 MiB.
   */
  public static final int MAX_REQUEST_BYTES = 1_179_648;

  /** 512 KiB: several 384x384 JPEG frames (about 30-80 KB each) share a batch. */
  public static final int BATCH_BYTES = 512 * 1024;

  private ProducerSettings() {}

  /**
   * Properties for a producer with String keys; the value serializer is passed to the producer's
   * constructor.
   *
   * @param bootstrap {@code host:port[,host:port...]}
   */
  public static Properties forBootstrap(String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrap servers must be non-blank, got '" + bootstrap + "'");
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // idempotence allows <= 5
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_BYTES));
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }
}
