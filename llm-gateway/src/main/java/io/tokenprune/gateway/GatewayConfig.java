package io.tokenprune.gateway;

import io.tokenprune.gateway.http.ServerSettings;
import io.tokenprune.gateway.video.MemoryLimits;
import java.util.Objects;

/**
 * Everything {@link Gateway#start} needs, validated by its parts.
 *
 * @param server HTTP: bind address, API keys, limits, drain timeout
 * @param backend local model or upstream server
 * @param kafka broker, topics, request-reply timeout
 * @param memory bounds of the stream memory
 */
public record GatewayConfig(
    ServerSettings server, BackendSettings backend, KafkaSettings kafka, MemoryLimits memory) {

  public GatewayConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(memory, "memory");
  }

  /** Default server settings and memory limits for a backend and a broker. */
  public static GatewayConfig of(BackendSettings backend, String bootstrapServers) {
    return new GatewayConfig(
        ServerSettings.defaults(),
        backend,
        KafkaSettings.of(bootstrapServers),
        MemoryLimits.defaults());
  }

  public GatewayConfig withServer(ServerSettings s) {
    return new GatewayConfig(s, backend, kafka, memory);
  }

  public GatewayConfig withKafka(KafkaSettings k) {
    return new GatewayConfig(server, backend, k, memory);
  }

  public GatewayConfig withMemory(MemoryLimits m) {
    return new GatewayConfig(server, backend, kafka, m);
  }
}
