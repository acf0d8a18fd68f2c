package io.tokenprune.deploy.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes the live topics match the declared ones through the AdminClient: creates missing topics,
 * adds partitions (never removes them: Kafka cannot), and sets drifted configs with incremental
 * alters. Running it twice changes nothing the second time. Configs that are live but not declared
 * are left alone: the file states what it cares about, not everything.
 */
public final class TopicsApplier {
  private static final Duration POLL = Duration.ofMillis(50);

  private final Admin admin;
  private final Duration visibilityTimeout;

  public TopicsApplier(Admin admin) {
    this(admin, Duration.ofSeconds(30));
  }

  /**
   * @param visibilityTimeout how long {@link #apply} waits for the broker's metadata to show what
   *     it changed
   */
  public TopicsApplier(Admin admin, Duration visibilityTimeout) {
    this.admin = admin;
    this.visibilityTimeout = visibilityTimeout;
  }

  /** The changes needed, without applying them. */
  public List<TopicChange> plan(List<TopicSpec> specs) throws TopicsException {
    return diff(specs);
  }

  /**
   * Applies the changes and returns them (empty when everything already matches). Returns once the
   * broker's metadata shows them: in KRaft an admin call completes when the controller has
   * committed it, and the broker's cache (which the next plan reads) catches up a moment later, so
   * without the wait a second run straight after the first could plan the same creates again.
   *
   * <p>A topic that another applier creates between this one's listing and its create is taken as
   * found, not as an error (two instances starting together both apply the catalog); it is then
   * checked like any existing topic, and its drift, if any, is repaired in the same call.
   */
  public List<TopicChange> apply(List<TopicSpec> specs) throws TopicsException {
    List<TopicChange> changes = diff(specs);
    Set<String> raced = execute(changes, specs);
    awaitVisible(specs, changes);
    if (raced.isEmpty()) {
      return changes;
    }
    List<TopicChange> made = new ArrayList<>();
    for (TopicChange c : changes) {
      if (!(c.kind() == TopicChange.Kind.CREATE_TOPIC && raced.contains(c.topic()))) {
        made.add(c);
      }
    }
    List<TopicSpec> found = specs.stream().filter(s -> raced.contains(s.name())).toList();
    List<TopicChange> repairs = diff(found);
    execute(repairs, found);
    awaitVisible(found, repairs);
    made.addAll(repairs);
    return made;
  }

  /** Runs the changes; returns the topics it found already created by someone else. */
  private Set<String> execute(List<TopicChange> changes, List<TopicSpec> specs)
      throws TopicsException {
    Map<String, TopicSpec> byName =
        specs.stream().collect(Collectors.toMap(TopicSpec::name, s -> s));
    List<NewTopic> creates = new ArrayList<>();
    Map<String, NewPartitions> partitions = new HashMap<>();
    Map<ConfigResource, Collection<AlterConfigOp>> alters = new HashMap<>();
    for (TopicChange c : changes) {
      TopicSpec spec = byName.get(c.topic());
      switch (c.kind()) {
        case CREATE_TOPIC ->
            creates.add(
                new NewTopic(spec.name(), Optional.of(spec.partitions()), spec.replicationFactor())
                    .configs(spec.configs()));
        case ADD_PARTITIONS ->
            partitions.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
        case SET_CONFIG ->
            alters
                .computeIfAbsent(topicResource(spec.name()), k -> new ArrayList<>())
                .add(
                    new AlterConfigOp(
                        new ConfigEntry(c.key(), c.declared()), AlterConfigOp.OpType.SET));
      }
    }
    Set<String> raced = create(creates);
    run(
        "add partitions",
        () -> admin.createPartitions(partitions).all().get(),
        !partitions.isEmpty());
    run(
        "alter configs",
        () -> admin.incrementalAlterConfigs(alters).all().get(),
        !alters.isEmpty());
    return raced;
  }

  private Set<String> create(List<NewTopic> creates) throws TopicsException {
    Set<String> raced = new HashSet<>();
    if (creates.isEmpty()) {
      return raced;
    }
    Map<String, KafkaFuture<Void>> results = admin.createTopics(creates).values();
    for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
      try {
        call("create topics", () -> r.getValue().get());
      } catch (TopicsException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        raced.add(r.getKey());
      }
    }
    return raced;
  }

  /**
   * Polls the plan until none of the applied changes shows in it any more. A change still pending
   * after the timeout is an error: it was accepted but the broker does not show it.
   */
  private void awaitVisible(List<TopicSpec> specs, List<TopicChange> applied)
      throws TopicsException {
    if (applied.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + visibilityTimeout.toNanos();
    while (true) {
      List<TopicChange> pending =
          diff(specs).stream().filter(c -> applied.stream().anyMatch(c::sameTarget)).toList();
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TopicsException(
            "applied, but after "
                + visibilityTimeout.toSeconds()
                + " s the broker's metadata still shows: "
                + pending);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicsException("interrupted waiting for the changes to show", e);
      }
    }
  }

  private List<TopicChange> diff(List<TopicSpec> specs) throws TopicsException {
    Set<String> live = call("list topics", () -> admin.listTopics().names().get());
    List<TopicSpec> existing = specs.stream().filter(s -> live.contains(s.name())).toList();
    Map<String, TopicDescription> descriptions =
        existing.isEmpty()
            ? Map.of()
            : call(
                "describe topics",
                () ->
                    admin
                        .describeTopics(existing.stream().map(TopicSpec::name).toList())
                        .allTopicNames()
                        .get());
    Map<ConfigResource, Config> configs =
        existing.isEmpty()
            ? Map.of()
            : call(
                "describe configs",
                () ->
                    admin
                        .describeConfigs(
                            existing.stream().map(s -> topicResource(s.name())).toList())
                        .all()
                        .get());
    List<TopicChange> changes = new ArrayList<>();
    for (TopicSpec spec : specs) {
      if (!live.contains(spec.name())) {
        changes.add(
            new TopicChange(
                spec.name(),
                TopicChange.Kind.CREATE_TOPIC,
                null,
                null,
                spec.partitions() + " partitions, " + spec.configs()));
        continue;
      }
      int livePartitions = descriptions.get(spec.name()).partitions().size();
      if (livePartitions < spec.partitions()) {
        changes.add(
            new TopicChange(
                spec.name(),
                TopicChange.Kind.ADD_PARTITIONS,
                "partitions",
                String.valueOf(livePartitions),
                String.valueOf(spec.partitions())));
      } else if (livePartitions > spec.partitions()) {
        throw new TopicsException(
            "topic "
                + spec.name()
                + " has "
                + livePartitions
                + " partitions but "
                + spec.partitions()
                + " are declared; Kafka cannot remove partitions");
      }
      Config config = configs.get(topicResource(spec.name()));
      for (Map.Entry<String, String> e : spec.configs().entrySet()) {
        ConfigEntry entry = config.get(e.getKey());
        String liveValue = entry == null ? null : entry.value();
        if (!e.getValue().equals(liveValue)) {
          changes.add(
              new TopicChange(
                  spec.name(), TopicChange.Kind.SET_CONFIG, e.getKey(), liveValue, e.getValue()));
        }
      }
    }
    return changes;
  }

  private static ConfigResource topicResource(String name) {
    return new ConfigResource(ConfigResource.Type.TOPIC, name);
  }

  private interface AdminCall<T> {
    T get() throws InterruptedException, ExecutionException;
  }

  private static <T> T call(String what, AdminCall<T> call) throws TopicsException {
    try {
      return call.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TopicsException(what + " failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicsException(what + " interrupted", e);
    }
  }

  private static void run(String what, AdminCall<?> call, boolean needed) throws TopicsException {
    if (needed) {
      call(what, call);
    }
  }
}
