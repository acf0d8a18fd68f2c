package io.tokenprune.schemas.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records that apply to one id, most specific first: the record whose scope is the id itself,
 * the record of the longest scope that is a strict prefix of the id, and the {@code *} record. Each
 * may be missing. Only the longest prefix takes part: a shorter prefix that also matches is
 * shadowed. Fields a record leaves out come from the next link, then from {@link
 * EffectivePolicy#DEFAULTS}.
 *
 * @param id the stream or document id being resolved
 * @param links at most three records, most specific first
 */
public record PolicyChain(String id, List<ScopedPolicy> links) {

  public PolicyChain {
    Objects.requireNonNull(id, "id must not be null");
    links = List.copyOf(links);
    if (links.size() > 3) {
      throw new IllegalArgumentException(
          "a chain has at most 3 links (exact, prefix, *), got " + links.size());
    }
  }

  /**
   * The chain for {@code id} over the held policies. Costs one map lookup per prefix length of the
   * id, so it does not grow with the number of scopes.
   *
   * @param byScope valid policies keyed by their scope
   */
  public static PolicyChain of(String id, Map<String, ScopedPolicy> byScope) {
    Objects.requireNonNull(id, "id must not be null");
    List<ScopedPolicy> links = new ArrayList<>(3);
    ScopedPolicy exact = id.equals(PolicyScope.GLOBAL) ? null : byScope.get(id);
    if (exact != null) {
      links.add(exact);
    }
    for (int n = id.length() - 1; n >= 1; n--) {
      String prefix = id.substring(0, n);
      ScopedPolicy match = prefix.equals(PolicyScope.GLOBAL) ? null : byScope.get(prefix);
      if (match != null) {
        links.add(match);
        break;
      }
    }
    ScopedPolicy global = byScope.get(PolicyScope.GLOBAL);
    if (global != null) {
      links.add(global);
    }
    return new PolicyChain(id, links);
  }

  /** The defaults overridden by each link, least specific first, under {@link #version()}. */
  public EffectivePolicy effective() {
    long version = version();
    EffectivePolicy values = EffectivePolicy.DEFAULTS;
    for (int i = links.size() - 1; i >= 0; i--) {
      values = values.overriddenBy(links.get(i).policy(), version);
    }
    return values; // DEFAULTS already carries version 0 when no link applies
  }

  /**
   * The policyVersion of {@link #effective()}:
   *
   * <ul>
   *   <li>0 when no record applies (the built-in defaults);
   *   <li>the record's {@link ScopedPolicy#version()} when exactly one applies: the number its
   *       writer gave it, or its fingerprint if it had none;
   *   <li>otherwise a negative fingerprint of every link's scope, version and canonical JSON.
   * </ul>
   *
   * A new record, a tombstone or a rewrite of any link with new values therefore changes it (a
   * single record rewritten with new values must also carry a new version; {@code policy set} takes
   * care of that), and the same records give the same number in every instance.
   */
  public long version() {
    if (links.isEmpty()) {
      return 0L;
    }
    if (links.size() == 1) {
      return links.get(0).version();
    }
    String[] parts = new String[3 * links.size()];
    for (int i = 0; i < links.size(); i++) {
      ScopedPolicy link = links.get(i);
      parts[3 * i] = link.scope();
      parts[3 * i + 1] = Long.toString(link.version());
      parts[3 * i + 2] = PolicyJson.write(link.policy());
    }
    return Fingerprint.of(parts);
  }
}
