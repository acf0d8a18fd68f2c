package io.tokenprune.deploy.cli;

import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.policy.ScopedPolicy;
import io.tokenprune.schemas.policy.feed.PolicyPublisher;
import io.tokenprune.schemas.policy.feed.PolicySnapshot;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenprune policy set}. */
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
final class PolicySetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // No mixinStandardHelpOptions: its -V/--version would take the policy's --version.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--scope",
      required = true,
      paramLabel = "SCOPE",
      description = PolicyCommand.SCOPE_HELP)
  String scope;

  @Option(
      names = "--json",
      paramLabel = "JSON",
      description = "A whole PrunePolicy record, e.g. '{\"retainRatio\": 0.15}'.")
  String json;

  @Mixin PolicyFlags flags;
  @Mixin PolicyCommand.Target target;

  @Override
  public Integer call() {
    PolicyCommand.checkScope(scope);
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
