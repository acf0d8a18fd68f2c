package io.tokenprune.deploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.Granularity;
import io.tokenprune.schemas.policy.PolicyChain;
import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.PolicyScope;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.policy.ScopedPolicy;
import io.tokenprune.schemas.policy.feed.PolicyPublisher;
import io.tokenprune.schemas.policy.feed.PolicySnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.ArgGroup;
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
      PolicyCommand.SetPolicy.class,
      PolicyCommand.GetPolicy.class,
      PolicyCommand.ListPolicies.class,
      PolicyCommand.DeletePolicy.class
    })
final class PolicyCommand implements Runnable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = new JsonMapper();

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
      name = "set",
      sortOptions = false,
      description = {
        "Set fields of one scope's record.",
        "Field flags change only the fields given and keep the record's others; --json replaces"
            + " the whole record (flags given with it override its fields). The version is the"
            + " topic's highest + 1 unless --version (or the JSON) gives one. The record is checked"
            + " before it is written: a bad value exits with code 2."
      })
  static final class SetPolicy implements Callable<Integer> {
    @Spec CommandSpec spec;

    // No mixinStandardHelpOptions: its -V/--version would take the policy's --version.
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = SCOPE_HELP)
    String scope;

    @Option(
        names = "--json",
        paramLabel = "JSON",
        description = "A whole PrunePolicy record, e.g. '{\"retainRatio\": 0.15}'.")
    String json;

    @Mixin PolicyFlags flags;
    @Mixin Target target;

    @Override
    public Integer call() {
      checkScope(scope);
      PrunePolicy given = given();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (KafkaTarget.Connection conn = target.connect(spec)) {
        PolicySnapshot snapshot = target.read(conn);
        PrunePolicy base =
            json != null
                ? PrunePolicy.EMPTY
                : snapshot.view().get(scope).map(ScopedPolicy::policy).orElse(PrunePolicy.EMPTY);
        long next = snapshot.view().nextVersion();
        long version = given.version() != null ? given.version() : next;
        if (version < next) {
          err.printf(
              "warning: version %d is not above the highest in %s (%d); give every write a higher"
                  + " version (docs/policies.md, Versions)%n",
              version, target.topic, next - 1);
        }
        PrunePolicy record = base.overriddenBy(given).withVersion(version);
        try (PolicyPublisher publisher = target.publisher(conn)) {
          long offset = publisher.put(scope, record);
          out.printf(
              "wrote %s|%s to %s at offset %d%n",
              scope, PolicyJson.write(record), target.topic, offset);
        }
      }
      return 0;
    }

    /** The JSON record, if any, with the field flags over it; every value checked. */
    private PrunePolicy given() {
      try {
        PrunePolicy fromJson = json == null ? PrunePolicy.EMPTY : PolicyJson.parse(json);
        PrunePolicy fromFlags = flags.policy();
        if (json == null && fromFlags.equals(PrunePolicy.EMPTY)) {
          throw new UserInputException(
              "nothing to set for scope \""
                  + scope
                  + "\": give --json or a field flag such as --retain-ratio (see --help)");
        }
        return fromJson.overriddenBy(fromFlags);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("policy for scope \"" + scope + "\": " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {
        "Show a scope's record, or the values in force for an id.",
        "--scope shows the record stored for a scope. --resolve shows the values in force for a"
            + " stream or document id, the scope each one comes from, their policyVersion and the"
            + " records that applied."
      })
  static final class GetPolicy implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
      @Option(names = "--scope", paramLabel = "SCOPE", description = SCOPE_HELP)
      String scope;

      @Option(
          names = "--resolve",
          paramLabel = "ID",
          description = "A stream or document id, e.g. cam-7.")
      String id;
    }

    @Override
    public Integer call() {
      if (what.scope != null) {
        checkScope(what.scope);
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (KafkaTarget.Connection conn = target.connect(spec)) {
        PolicySnapshot snapshot = target.read(conn);
        if (what.id != null) {
          printResolved(snapshot.view().chain(what.id), out);
          target.warnRejections(snapshot, Optional.empty(), err);
          return 0;
        }
        Optional<ScopedPolicy> held = snapshot.view().get(what.scope);
        target.warnRejections(snapshot, Optional.of(what.scope), err);
        if (held.isEmpty()) {
          err.printf("no policy for scope \"%s\" in %s%n", what.scope, target.topic);
          return 1;
        }
        out.println(PolicyJson.writePretty(held.get().policy()));
        if (!held.get().hasWrittenVersion()) {
          err.printf(
              "note: the record has no version; outputs it alone governs carry %d%n",
              held.get().version());
        }
        return 0;
      }
    }

    /** Each field's value in force and the scope it came from, then the records themselves. */
    private static void printResolved(PolicyChain chain, PrintWriter out) {
      EffectivePolicy values = chain.effective();
      JsonNode effective = tree(values.values());
      List<JsonNode> links = chain.links().stream().map(l -> tree(l.policy())).toList();
      out.printf("%s: policyVersion %d%n", chain.id(), values.version());
      for (String field : PolicyJson.FIELDS) {
        if (field.equals("version")) {
          continue;
        }
        String from = "default";
        for (int i = 0; i < links.size(); i++) {
          if (links.get(i).has(field)) {
            from = chain.links().get(i).scope();
            break;
          }
        }
        String value = effective.has(field) ? effective.get(field).asText() : "model default";
        out.printf(Locale.ROOT, "  %-18s %-14s %s%n", field, value, from);
      }
      out.println(chain.links().isEmpty() ? "records: none (built-in defaults)" : "records:");
      chain.links().forEach(l -> out.println("  " + line(l)));
    }

    private static JsonNode tree(PrunePolicy policy) {
      try {
        return JSON.readTree(PolicyJson.write(policy));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("PolicyJson wrote unreadable JSON for " + policy, e);
      }
    }
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

  /** One flag per PrunePolicy field, the field name in kebab case; unset flags stay null. */
  static final class PolicyFlags {
    @Option(names = "--version", paramLabel = "N", description = "Record version, >= 0.")
    Long version;

    @Option(names = "--retain-ratio", paramLabel = "R", description = "Video tokens kept, (0,1].")
    Double retainRatio;

    @Option(names = "--tau", paramLabel = "T", description = "Static-patch cosine, [-1,1].")
    Double tau;

    @Option(names = "--beta", paramLabel = "B", description = "Centre weight in a merge, [0,1].")
    Double beta;

    @Option(names = "--knn", paramLabel = "K", description = "k of the DPC-kNN density, >= 1.")
    Integer knn;

    @Option(names = "--window-frames", paramLabel = "N", description = "Frames per window, >= 1.")
    Integer windowFrames;

    @Option(names = "--idle-flush-ms", paramLabel = "MS", description = "Idle flush, ms, >= 1.")
    Long idleFlushMs;

    @Option(names = "--max-window", paramLabel = "N", description = "Longest segment, >= 1.")
    Integer maxWindow;

    @Option(names = "--filter-layer", paramLabel = "L", description = "GemFilter layer, >= 0.")
    Integer filterLayer;

    @Option(names = "--top-k", paramLabel = "K", description = "Tokens kept per doc, >= 1.")
    Integer topK;

    @Option(names = "--pool-kernel", paramLabel = "K", description = "Score pool width, odd.")
    Integer poolKernel;

    @Option(names = "--granularity", paramLabel = "G", description = "TOKEN or SENTENCE.")
    String granularity;

    @Option(names = "--max-document-tokens", paramLabel = "N", description = "Doc bound, >= 1.")
    Integer maxDocumentTokens;

    @Option(names = "--inner-layer", paramLabel = "K", description = "Inner-merge layer, >= 1.")
    Integer innerLayer;

    @Option(names = "--inner-ratio", paramLabel = "R", description = "Merged away at K, [0,1).")
    Double innerRatio;

    /** The flags as a policy; throws IllegalArgumentException naming every bad value. */
    PrunePolicy policy() {
      return PrunePolicy.builder()
          .version(version)
          .retainRatio(retainRatio)
          .tau(tau)
          .beta(beta)
          .knn(knn)
          .windowFrames(windowFrames)
          .idleFlushMs(idleFlushMs)
          .maxWindow(maxWindow)
          .filterLayer(filterLayer)
          .topK(topK)
          .poolKernel(poolKernel)
          .granularity(granularity == null ? null : granularity(granularity))
          .maxDocumentTokens(maxDocumentTokens)
          .innerLayer(innerLayer)
          .innerRatio(innerRatio)
          .build();
    }

    private static Granularity granularity(String text) {
      return Arrays.stream(Granularity.values())
          .filter(g -> g.name().equalsIgnoreCase(text))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "granularity must be one of "
                          + Arrays.toString(Granularity.values())
                          + ", got \""
                          + text
                          + "\""));
    }
  }
}
