/**
 * The Kafka side of policies: reading the compacted {@code tp.policies} topic into a {@link
 * io.tokenprune.schemas.policy.PolicyView} and writing records to it.
 *
 * <ul>
 *   <li>{@link io.tokenprune.schemas.policy.feed.PolicyFeed}: keeps a view live on a daemon thread,
 *       for the reducer and the gateway; a {@link io.tokenprune.schemas.policy.feed.PolicyListener}
 *       hears every update (metrics, the DLQ).
 *   <li>{@link io.tokenprune.schemas.policy.feed.PolicySnapshot}: reads the topic once, up to its
 *       current end, for {@code tokenprune policy}.
 *   <li>{@link io.tokenprune.schemas.policy.feed.PolicyPublisher}: writes a policy or a tombstone,
 *       synchronously, with {@code acks=all}.
 * </ul>
 *
 * <p>Readers use no consumer group: each one assigns every partition and reads from the beginning,
 * because every instance must hold every scope. The model itself ({@code
 * io.tokenprune.schemas.policy}) imports no Kafka; this package is the only bridge.
 */
package io.tokenprune.schemas.policy.feed;
