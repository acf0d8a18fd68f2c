package io.tokenprune.schemas.policy.feed;

import io.tokenprune.schemas.policy.PolicyUpdate;
import io.tokenprune.schemas.policy.PolicyView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The policy topic read once, from the beginning up to the end offsets it had when the read began:
 * what {@code tokenprune policy} shows and merges into.
 *
 * @param view the valid policies, as a {@link PolicyFeed} would hold them
 * @param rejections the rejected records that no later record with the same key superseded, in
 *     topic order: each names a scope whose latest write is not in force
 * @param records how many records were read
 */
public record PolicySnapshot(PolicyView view, List<Rejection> rejections, long records) {

  /** A rejected record and where it is. */
  public record Rejection(int partition, long offset, PolicyUpdate.Rejected update) {}

  public PolicySnapshot {
    rejections = List.copyOf(rejections);
  }

  /**
   * Reads {@code topic} up to its current end.
   *
   * @param clientConfig consumer settings, at least {@code bootstrap.servers}
   * @param timeout the bound on the whole read
   * @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if the topic does not
   *     exist
   * @throws TimeoutException if the end is not reached in time
   */
  public static PolicySnapshot read(Map<String, ?> clientConfig, String topic, Duration timeout)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    PolicyView view = new PolicyView();
    // LinkedHashMap: keeps topic order and takes the null key of a keyless record.
    Map<String, Rejection> standing = new LinkedHashMap<>();
    long[] records = {0};
    PolicyListener track =
        (update, record) -> {
          records[0]++;
          standing.remove(update.scope());
          if (update instanceof PolicyUpdate.Rejected r) {
            standing.put(r.scope(), new Rejection(record.partition(), record.offset(), r));
          }
        };
    try (PolicyTopicReader reader = PolicyTopicReader.open(clientConfig, topic, timeout, view)) {
      while (!reader.caughtUp()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "read " + records[0] + " records of " + topic + " but not its end in " + timeout);
        }
        reader.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos())), track);
      }
    }
    return new PolicySnapshot(view, new ArrayList<>(standing.values()), records[0]);
  }
}
