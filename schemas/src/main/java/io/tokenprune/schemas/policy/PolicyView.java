package io.tokenprune.schemas.policy;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The valid policies in force, by scope: the in-memory image of the compacted {@code tp.policies}
 * topic. One thread applies records in topic order ({@link #apply}, {@link #put}, {@link #delete});
 * any number of threads {@link #resolve} at the same time without locking. Each update swaps in a
 * new immutable map, so a reader always sees one consistent set of scopes. An invalid record
 * changes nothing: the last valid policy of its scope stays in force.
 */
public final class PolicyView {
  private volatile Map<String, ScopedPolicy> byScope = Map.of();

  /**
   * Applies one record of the topic.
   *
   * @param scope the record key
   * @param json the record value; null is a tombstone
   */
  public PolicyUpdate apply(String scope, String json) {
    return json == null ? delete(scope) : put(scope, json);
  }

  /** Parses, validates and stores a policy, or says why not. */
  public PolicyUpdate put(String scope, String json) {
    PrunePolicy policy;
    try {
      PolicyScope.check(scope);
      policy = PolicyJson.parse(json);
    } catch (IllegalArgumentException e) {
      return new PolicyUpdate.Rejected(scope, e.getMessage());
    }
    return put(scope, policy);
  }

  /** Stores an already valid policy (the CLI's, or a test's). */
  public synchronized PolicyUpdate put(String scope, PrunePolicy policy) {
    ScopedPolicy held;
    try {
      held = ScopedPolicy.of(scope, policy);
    } catch (IllegalArgumentException e) {
      return new PolicyUpdate.Rejected(scope, e.getMessage());
    }
    Map<String, ScopedPolicy> next = new HashMap<>(byScope);
    next.put(scope, held);
    byScope = Map.copyOf(next);
    return new PolicyUpdate.Accepted(held);
  }

  /** Removes a scope (a tombstone). A tombstone with an invalid key is rejected. */
  public synchronized PolicyUpdate delete(String scope) {
    try {
      PolicyScope.check(scope);
    } catch (IllegalArgumentException e) {
      return new PolicyUpdate.Rejected(scope, e.getMessage());
    }
    if (!byScope.containsKey(scope)) {
      return new PolicyUpdate.Deleted(scope, false);
    }
    Map<String, ScopedPolicy> next = new HashMap<>(byScope);
    next.remove(scope);
    byScope = Map.copyOf(next);
    return new PolicyUpdate.Deleted(scope, true);
  }

  /** The settings in force for a stream or document id, with their policyVersion. */
  public EffectivePolicy resolve(String id) {
    return chain(id).effective();
  }

  /** The records that apply to an id, most specific first: for logs and {@code policy get}. */
  public PolicyChain chain(String id) {
    return PolicyChain.of(id, byScope);
  }

  /** The policy held for exactly this scope, if any. */
  public Optional<ScopedPolicy> get(String scope) {
    return Optional.ofNullable(byScope.get(scope));
  }

  /** Every held policy, sorted by scope ({@code *} sorts first). */
  public List<ScopedPolicy> list() {
    return byScope.values().stream().sorted(Comparator.comparing(ScopedPolicy::scope)).toList();
  }

  /**
   * One more than the highest written version held, 1 if none: what {@code policy set} writes when
   * given no version, so that every write carries a new, larger version.
   */
  public long nextVersion() {
    long highest =
        byScope.values().stream()
            .filter(ScopedPolicy::hasWrittenVersion)
            .mapToLong(ScopedPolicy::version)
            .max()
            .orElse(0L);
    return Math.addExact(highest, 1);
  }
}
