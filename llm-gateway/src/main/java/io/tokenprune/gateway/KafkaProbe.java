package io.tokenprune.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the broker answers, for /healthz: a cluster metadata request with a 2 s timeout, its
 * result kept for 2 s so that frequent probes do not turn into load.
 */
final class KafkaProbe implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;
  private long checkedAt;
  private boolean reachable;

  KafkaProbe(Map<String, Object> clientConfig) {
    this.admin = Admin.create(clientConfig);
  }

  synchronized boolean reachable() {
    long now = System.nanoTime();
    if (checkedAt != 0 && now - checkedAt < TIMEOUT.toNanos()) {
      return reachable;
    }
    try {
      reachable =
          !admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .nodes()
              .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
              .isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reachable = false;
    } catch (Exception e) {
      reachable = false;
    }
    checkedAt = System.nanoTime();
    return reachable;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
