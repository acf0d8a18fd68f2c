package io.tokenprune.deploy.topics;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One topic as declared in {@code topics.yaml}.
 *
 * @param replicationFactor empty means the broker's {@code default.replication.factor}
 * @param configs real broker topic configs (the broker refuses unknown names)
 */
public record TopicSpec(
    String name, int partitions, Optional<Short> replicationFactor, Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be >= 1, got " + partitions);
    }
    replicationFactor = Objects.requireNonNullElse(replicationFactor, Optional.empty());
    replicationFactor.ifPresent(
        rf -> {
          if (rf < 1) {
            throw new IllegalArgumentException(
                "topic " + name + ": replicationFactor must be >= 1, got " + rf);
          }
        });
    configs = Map.copyOf(new TreeMap<>(Objects.requireNonNullElse(configs, Map.of())));
  }

  /** The same topic under another name (the CLI's topic prefix). */
  public TopicSpec renamed(String newName) {
    return new TopicSpec(newName, partitions, replicationFactor, configs);
  }
}
