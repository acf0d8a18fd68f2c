package io.tokenprune.deploy.cli;

import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.PolicyScope;
import io.tokenprune.schemas.policy.ScopedPolicy;
import io.tokenprune.schemas.policy.feed.PolicyPublisher;
import io.tokenprune.schemas.policy.feed.PolicySnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenprune policy set|get|list|delete}: reads and writes the compacted policy topic, as
 * docs/policies.md describes. Every command first reads the whole topic ({@link PolicySnapshot});
 * {@code set} checks the record before it is written, so a bad value fails here, with exit code 2,
 * instead of in the DLQ. The output of {@code list} is in kafka-console-producer's {@code
 * key|value} form, so it can be fed back to restore the topic.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Read and write prune policies in the compacted policy topic (tp.policies).",
    subcommands = {
      PolicySetCommand.class,
      PolicyGetCommand.class,
      PolicyCommand.ListPolicies.class,
      PolicyCommand.DeletePolicy.class
    })
final class PolicyCommand implements Runnable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options every subcommand shares: where the topic is. */
  static final class Target {
    @Mixin KafkaTarget kafka;

    @Option(
        names = "--topic",
        defaultValue = "tp.policies",
        paramLabel = "TOPIC",
        description = "The policy topic (default ${DEFAULT-VALUE}).")
    String topic;

    KafkaTarget.Connection connect(CommandSpec spec) {
      return kafka.connect(spec.commandLine().getErr());
    }

    PolicySnapshot read(KafkaTarget.Connection conn) {
      try {
        return PolicySnapshot.read(config(conn), topic, READ_TIMEOUT);
      } catch (UnknownTopicOrPartitionException e) {
        throw new UserInputException(e.getMessage(), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    PolicyPublisher publisher(KafkaTarget.Connection conn) {
      return new PolicyPublisher(config(conn), topic);
    }

    /** Notes on stderr the scopes whose latest record was rejected, and why. */
    void warnRejections(PolicySnapshot snapshot, Optional<String> onlyScope, PrintWriter err) {
      for (PolicySnapshot.Rejection r : snapshot.rejections()) {
        if (onlyScope.isEmpty() || onlyScope.get().equals(r.update().scope())) {
          err.printf(
              "note: the latest record for key %s (%s-%d offset %d) was rejected, so the one"
                  + " before it stays in force: %s%n",
              r.update().scope() == null ? "(none)" : "\"" + r.update().scope() + "\"",
              topic,
              r.partition(),
              r.offset(),
              r.update().reason());
        }
      }
    }

    private static Map<String, Object> config(KafkaTarget.Connection conn) {
      return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, conn.bootstrapServers());
    }
  }

  static String checkScope(String scope) {
    try {
      return PolicyScope.check(scope);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  /** A record as kafka-console-producer takes it with {@code key.separator=|}. */
  static String line(ScopedPolicy held) {
    return held.scope() + "|" + PolicyJson.write(held.policy());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List every scope with its record.",
        "One scope|json line each: the form kafka-console-producer takes with --property"
            + " parse.key=true --property 'key.separator=|'."
      })
  static final class ListPolicies implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (KafkaTarget.Connection conn = target.connect(spec)) {
        PolicySnapshot snapshot = target.read(conn);
        List<ScopedPolicy> held = snapshot.view().list();
        held.forEach(p -> out.println(line(p)));
        if (held.isEmpty()) {
          err.printf("no policies in %s: every id gets the built-in defaults%n", target.topic);
        }
        target.warnRejections(snapshot, Optional.empty(), err);
        return 0;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a scope (write a tombstone).",
        "Ids the scope covered fall back to a shorter prefix, then *, then the built-in defaults."
      })
  static final class DeletePolicy implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = SCOPE_HELP)
    String scope;

    @Override
    public Integer call() {
      checkScope(scope);
      PrintWriter out = spec.commandLine().getOut();
      try (KafkaTarget.Connection conn = target.connect(spec);
          PolicyPublisher publisher = target.publisher(conn)) {
        boolean held = target.read(conn).view().get(scope).isPresent();
        long offset = publisher.delete(scope);
        out.printf(
            "deleted %s: tombstone at %s offset %d%s%n",
            scope, target.topic, offset, held ? "" : " (the scope held no policy)");
        return 0;
      }
    }
  }

  static final String SCOPE_HELP =
      "A stream or document id (cam-7), a prefix (cam-), or * for everything.";
}
