package io.tokenprune.schemas.policy;

import java.util.Objects;

/**
 * A valid policy as held for one scope.
 *
 * @param scope a key that passed {@link PolicyScope#check}
 * @param policy the record as written
 * @param version the record's {@code version}; when the record has none, a negative fingerprint of
 *     the scope and the record's canonical JSON, so that the output still names this record
 */
public record ScopedPolicy(String scope, PrunePolicy policy, long version) {

  public ScopedPolicy {
    PolicyScope.check(scope);
    Objects.requireNonNull(policy, "policy must not be null; a tombstone deletes the scope");
    if (policy.version() != null && policy.version() != version) {
      throw new IllegalArgumentException(
          "version must be the policy's own, " + policy.version() + ", got " + version);
    }
  }

  /** Holds {@code policy} for {@code scope}, deriving the version if the record has none. */
  public static ScopedPolicy of(String scope, PrunePolicy policy) {
    long version =
        policy.version() != null
            ? policy.version()
            : Fingerprint.of(PolicyScope.check(scope), PolicyJson.write(policy));
    return new ScopedPolicy(scope, policy, version);
  }

  /** Whether the record carries a version of its own (else {@link #version()} is derived). */
  public boolean hasWrittenVersion() {
    return policy.version() != null;
  }
}
