package io.tokenprune.deploy.topics;

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
