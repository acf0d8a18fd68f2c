package io.tokenprune.deploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.policy.PolicyChain;
import io.tokenprune.schemas.policy.PolicyJson;
import io.tokenprune.schemas.policy.PrunePolicy;
import io.tokenprune.schemas.policy.ScopedPolicy;
import io.tokenprune.schemas.policy.feed.PolicySnapshot;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenprune policy get}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Show a scope's record, or the values in force for an id.",
      "--scope shows the record stored for a scope. --resolve shows the values in force for a"
          + " stream or document id, the scope each one comes from, their policyVersion and the"
          + " records that applied."
    })
final class PolicyGetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PolicyCommand.Target target;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  static final class What {
    @Option(names = "--scope", paramLabel = "SCOPE", description = PolicyCommand.SCOPE_HELP)
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
      PolicyCommand.checkScope(what.scope);
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
    chain.links().forEach(l -> out.println("  " + PolicyCommand.line(l)));
  }

  private static JsonNode tree(PrunePolicy policy) {
    try {
      return new JsonMapper().readTree(PolicyJson.write(policy));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("PolicyJson wrote unreadable JSON for " + policy, e);
    }
  }
}
