package io.tokenprune.deploy.topics;

import java.util.Objects;

/**
 * One difference between the declared and the live topics, and whether it was applied.
 *
 * @param live the live value, or null when the topic or config does not exist yet
 */
public record TopicChange(String topic, Kind kind, String key, String live, String declared) {
  public enum Kind {
    CREATE_TOPIC,
    ADD_PARTITIONS,
    SET_CONFIG
  }

  /** Whether both changes are to the same thing (topic, kind and key), whatever the values. */
  public boolean sameTarget(TopicChange other) {
    return topic.equals(other.topic) && kind == other.kind && Objects.equals(key, other.key);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CREATE_TOPIC -> "create " + topic + " (" + declared + ")";
      case ADD_PARTITIONS -> topic + ": partitions " + live + " -> " + declared;
      case SET_CONFIG ->
          topic + ": " + key + " " + (live == null ? "(unset)" : live) + " -> " + declared;
    };
  }
}
