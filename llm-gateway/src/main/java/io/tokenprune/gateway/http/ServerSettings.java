package io.tokenprune.gateway.http;

import io.tokenprune.gateway.api.RequestLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP side of the gateway.
 *
 * @param host the address to bind, e.g. 127.0.0.1 or 0.0.0.0
 * @param port 0 for any free port
 * @param keys the API keys (hashed); none turns authentication off
 * @param maxConcurrent answers at once; the next request gets 429
 * @param drainTimeout how long a shutdown waits for answers in flight
 */
public record ServerSettings(
    String host,
    int port,
    ApiKeys keys,
    RequestLimits limits,
    int maxConcurrent,
    Duration drainTimeout) {

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(limits, "limits");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
    }
    if (drainTimeout == null || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must be >= 0, got " + drainTimeout);
    }
  }

  /** Loopback, port 8080, no keys, default limits, 4 answers at once, 60 s to drain. */
  public static ServerSettings defaults() {
    return new ServerSettings(
        "127.0.0.1", 8080, ApiKeys.none(), RequestLimits.defaults(), 4, Duration.ofSeconds(60));
  }

  public ServerSettings withPort(int p) {
    return new ServerSettings(host, p, keys, limits, maxConcurrent, drainTimeout);
  }

  public ServerSettings withHost(String h) {
    return new ServerSettings(h, port, keys, limits, maxConcurrent, drainTimeout);
  }

  public ServerSettings withKeys(ApiKeys k) {
    return new ServerSettings(host, port, k, limits, maxConcurrent, drainTimeout);
  }

  public ServerSettings withLimits(RequestLimits l) {
    return new ServerSettings(host, port, keys, l, maxConcurrent, drainTimeout);
  }

  public ServerSettings withMaxConcurrent(int n) {
    return new ServerSettings(host, port, keys, limits, n, drainTimeout);
  }

  public ServerSettings withDrainTimeout(Duration d) {
    return new ServerSettings(host, port, keys, limits, maxConcurrent, d);
  }
}
