package io.tokenprune.schemas.policy;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The settings in force for one stream or document: every field set, validated, immutable. The
 * reducer and the gateway read these; every output carries {@link #version()} as its policyVersion.
 * Field meanings and ranges are those of {@link PrunePolicy}.
 *
 * @param version which records produced these values: 0 for {@link #DEFAULTS}, the record's own
 *     version when one record with a version applies, otherwise a negative fingerprint (see {@link
 *     PolicyChain#version()})
 * @param filterLayer GemFilter's layer, or empty for the model's own default (about 0.4 of its
 *     layers); the consumer checks it against the model's layer count
 */
public record EffectivePolicy(
    long version,
    double retainRatio,
    double tau,
    double beta,
    int knn,
    int windowFrames,
    long idleFlushMs,
    int maxWindow,
    OptionalInt filterLayer,
    int topK,
    int poolKernel,
    Granularity granularity,
    int maxDocumentTokens,
    int innerLayer,
    double innerRatio) {

  /** The built-in defaults (DESIGN.md), version 0: what applies when no record matches. */
  public static final EffectivePolicy DEFAULTS =
      new EffectivePolicy(
          0L,
          0.10,
          0.80,
          0.6,
          7,
          32,
          5_000L,
          32,
          OptionalInt.empty(),
          1024,
          5,
          Granularity.TOKEN,
          131_072,
          3,
          0.5);

  public EffectivePolicy {
    Objects.requireNonNull(filterLayer, "filterLayer must be an OptionalInt, got null");
    Objects.requireNonNull(granularity, "granularity must be TOKEN or SENTENCE, got null");
    // The ranges live in one place: building the record as a policy checks them all.
    new PrunePolicy(
        null,
        retainRatio,
        tau,
        beta,
        knn,
        windowFrames,
        idleFlushMs,
        maxWindow,
        filterLayer.isPresent() ? filterLayer.getAsInt() : null,
        topK,
        poolKernel,
        granularity,
        maxDocumentTokens,
        innerLayer,
        innerRatio);
  }

  /** The defaults overridden by one policy, with that policy's version (0 if it has none). */
  public static EffectivePolicy of(PrunePolicy policy) {
    return DEFAULTS.overriddenBy(policy, policy.version() != null ? policy.version() : 0L);
  }

  /** These values with each field that {@code policy} sets replaced, under {@code newVersion}. */
  public EffectivePolicy overriddenBy(PrunePolicy policy, long newVersion) {
    return new EffectivePolicy(
        newVersion,
        pick(policy.retainRatio(), retainRatio),
        pick(policy.tau(), tau),
        pick(policy.beta(), beta),
        pick(policy.knn(), knn),
        pick(policy.windowFrames(), windowFrames),
        pick(policy.idleFlushMs(), idleFlushMs),
        pick(policy.maxWindow(), maxWindow),
        policy.filterLayer() != null ? OptionalInt.of(policy.filterLayer()) : filterLayer,
        pick(policy.topK(), topK),
        pick(policy.poolKernel(), poolKernel),
        pick(policy.granularity(), granularity),
        pick(policy.maxDocumentTokens(), maxDocumentTokens),
        pick(policy.innerLayer(), innerLayer),
        pick(policy.innerRatio(), innerRatio));
  }

  /**
   * The values as a policy without a version, for printing with {@link PolicyJson} ({@code policy
   * get} of a resolved id). filterLayer is left out when it is the model default.
   */
  public PrunePolicy values() {
    return new PrunePolicy(
        null,
        retainRatio,
        tau,
        beta,
        knn,
        windowFrames,
        idleFlushMs,
        maxWindow,
        filterLayer.isPresent() ? filterLayer.getAsInt() : null,
        topK,
        poolKernel,
        granularity,
        maxDocumentTokens,
        innerLayer,
        innerRatio);
  }

  private static <T> T pick(T specific, T general) {
    return specific != null ? specific : general;
  }
}
