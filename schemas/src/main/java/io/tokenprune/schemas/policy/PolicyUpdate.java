package io.tokenprune.schemas.policy;

/**
 * What a {@code tp.policies} record did to a {@link PolicyView}. The topology logs each one and
 * sends each {@link Rejected} to the DLQ with its {@link Rejected#reason()}.
 */
public sealed interface PolicyUpdate {

  /** The key of the record. */
  String scope();

  /** The policy is now in force for its scope, replacing any previous one. */
  record Accepted(ScopedPolicy held) implements PolicyUpdate {
    @Override
    public String scope() {
      return held.scope();
    }
  }

  /**
   * The record was not applied; the previous valid policy of the scope, if any, stays in force.
   *
   * @param scope the key as received, possibly null or invalid
   * @param reason names the field, the value and the allowed range, or where the JSON is bad
   */
  record Rejected(String scope, String reason) implements PolicyUpdate {}

  /**
   * A tombstone removed the scope; ids it covered fall back to the next level.
   *
   * @param existed whether the scope held a policy (a tombstone for an unknown scope is harmless)
   */
  record Deleted(String scope, boolean existed) implements PolicyUpdate {}
}
