package io.tokenprune.schemas.topic;

import java.util.List;
import java.util.Objects;

/**
 * The topic names one tokenprune deployment uses. Every service takes this record, so all names are
 * configurable; {@link #defaults()} gives the names from DESIGN.md.
 */
public record TopicNames(
    String videoFrames,
    String videoCompact,
    String docs,
    String qaRequests,
    String contextCompact,
    String policies,
    String dlq) {

  public TopicNames {
    for (String t :
        List.of(videoFrames, videoCompact, docs, qaRequests, contextCompact, policies)) {
      requireName(t);
    }
    requireName(dlq);
  }

  public static TopicNames defaults() {
    return new TopicNames(
        "tp.video.frames",
        "tp.video.compact",
        "tp.docs",
        "tp.qa.requests",
        "tp.context.compact",
        "tp.policies",
        "tp.dlq");
  }

  /**
   * The same names with {@code prefix} in front, e.g. to run two isolated pipelines on one broker.
   */
  public TopicNames withPrefix(String prefix) {
    return new TopicNames(
        prefix + videoFrames,
        prefix + videoCompact,
        prefix + docs,
        prefix + qaRequests,
        prefix + contextCompact,
        prefix + policies,
        prefix + dlq);
  }

  public List<String> all() {
    return List.of(videoFrames, videoCompact, docs, qaRequests, contextCompact, policies, dlq);
  }

  private static void requireName(String t) {
    Objects.requireNonNull(t, "topic name");
    if (t.isBlank() || !t.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("invalid Kafka topic name: '" + t + "'");
    }
  }
}
