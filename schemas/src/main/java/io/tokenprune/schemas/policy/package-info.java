/**
 * Prune policies: what operators write to the compacted {@code tp.policies} topic, and how a stream
 * or document id gets its effective settings from it.
 *
 * <ul>
 *   <li>{@link io.tokenprune.schemas.policy.PrunePolicy}: one JSON record, every field optional.
 *   <li>{@link io.tokenprune.schemas.policy.PolicyJson}: strict JSON in and out, with messages that
 *       name the field, the value and the allowed range (or the line and column of bad JSON).
 *   <li>{@link io.tokenprune.schemas.policy.PolicyScope}: the rules for a record key.
 *   <li>{@link io.tokenprune.schemas.policy.PolicyChain}: resolution, exact id, then the longest
 *       prefix, then {@code *}, then {@link io.tokenprune.schemas.policy.EffectivePolicy#DEFAULTS},
 *       field by field.
 *   <li>{@link io.tokenprune.schemas.policy.PolicyView}: the current valid policies by scope,
 *       updated by one thread and read by many.
 * </ul>
 *
 * <p>Nothing here imports Kafka: the Streams topology feeds record keys and values in, and sends
 * {@link io.tokenprune.schemas.policy.PolicyUpdate.Rejected} reasons to the DLQ. docs/policies.md
 * is the operator's guide.
 */
package io.tokenprune.schemas.policy;
