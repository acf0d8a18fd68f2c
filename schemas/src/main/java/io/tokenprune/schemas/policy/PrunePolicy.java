package io.tokenprune.schemas.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One {@code tp.policies} record: what a writer says for one scope. Every field is optional; a null
 * field inherits from the next, less specific scope (see {@link PolicyChain}). The ranges are
 * checked here, so a {@code PrunePolicy} that exists is valid; all violations are reported at once.
 *
 * @param version writer-set, {@code >= 0}; see docs/policies.md for what happens when it is absent
 * @param retainRatio HoliTom r: the share of a window's video tokens kept, in (0,1]
 * @param tau cosine above which a patch counts as static between two frames, in [-1,1]
 * @param beta weight of the centre in a DPC-kNN merge ({@code beta*centre + (1-beta)*mean}), [0,1]
 * @param knn k of the DPC-kNN density, {@code >= 1}
 * @param windowFrames frames buffered per stream before the DP runs, {@code >= 1}
 * @param idleFlushMs wall-clock ms without a frame after which a window is flushed, {@code >= 1}
 * @param maxWindow longest segment the HoliTom DP may form, in frames, {@code >= 1}
 * @param filterLayer GemFilter's layer L (0-based), {@code >= 0}; absent everywhere: model default
 * @param topK GemFilter's k, tokens kept per document, {@code >= 1}
 * @param poolKernel width of the average pool over the scores, odd, {@code >= 1}
 * @param granularity whether GemFilter keeps tokens or whole sentences
 * @param maxDocumentTokens the bound of a buffered document, in tokens, {@code >= 1}
 * @param innerLayer the gateway's inner-merge layer K, {@code >= 1}
 * @param innerRatio the share of visual tokens merged away at layer K, in [0,1)
 */
public record PrunePolicy(
    Long version,
    Double retainRatio,
    Double tau,
    Double beta,
    Integer knn,
    Integer windowFrames,
    Long idleFlushMs,
    Integer maxWindow,
    Integer filterLayer,
    Integer topK,
    Integer poolKernel,
    Granularity granularity,
    Integer maxDocumentTokens,
    Integer innerLayer,
    Double innerRatio) {

  /** A policy that says nothing: every field inherits. */
  public static final PrunePolicy EMPTY = builder().build();

  public PrunePolicy {
    List<String> bad = new ArrayList<>();
    check(bad, "version", version, v -> v >= 0, ">= 0");
    check(bad, "retainRatio", retainRatio, r -> r > 0 && r <= 1, "in (0,1]");
    check(bad, "tau", tau, t -> t >= -1 && t <= 1, "in [-1,1]");
    check(bad, "beta", beta, b -> b >= 0 && b <= 1, "in [0,1]");
    check(bad, "knn", knn, k -> k >= 1, ">= 1");
    check(bad, "windowFrames", windowFrames, w -> w >= 1, ">= 1");
    check(bad, "idleFlushMs", idleFlushMs, ms -> ms >= 1, ">= 1");
    check(bad, "maxWindow", maxWindow, w -> w >= 1, ">= 1");
    check(bad, "filterLayer", filterLayer, l -> l >= 0, ">= 0");
    check(bad, "topK", topK, k -> k >= 1, ">= 1");
    check(bad, "poolKernel", poolKernel, k -> k >= 1 && k % 2 == 1, "odd and >= 1");
    check(bad, "maxDocumentTokens", maxDocumentTokens, n -> n >= 1, ">= 1");
    check(bad, "innerLayer", innerLayer, k -> k >= 1, ">= 1");
    check(bad, "innerRatio", innerRatio, r -> r >= 0 && r < 1, "in [0,1)");
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", bad));
    }
  }

  // Written as "ok" predicates so that NaN fails every range.
  private static <T> void check(
      List<String> bad, String field, T value, Predicate<T> ok, String range) {
    if (value != null && !ok.test(value)) {
      bad.add(field + " must be " + range + ", got " + value);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * This policy with every field that {@code other} sets replaced by other's value: other is the
   * more specific one. {@code policy set} uses it to change some fields of a stored record.
   */
  public PrunePolicy overriddenBy(PrunePolicy other) {
    return new PrunePolicy(
        pick(other.version, version),
        pick(other.retainRatio, retainRatio),
        pick(other.tau, tau),
        pick(other.beta, beta),
        pick(other.knn, knn),
        pick(other.windowFrames, windowFrames),
        pick(other.idleFlushMs, idleFlushMs),
        pick(other.maxWindow, maxWindow),
        pick(other.filterLayer, filterLayer),
        pick(other.topK, topK),
        pick(other.poolKernel, poolKernel),
        pick(other.granularity, granularity),
        pick(other.maxDocumentTokens, maxDocumentTokens),
        pick(other.innerLayer, innerLayer),
        pick(other.innerRatio, innerRatio));
  }

  /** The same fields with another version (null: none). */
  public PrunePolicy withVersion(Long newVersion) {
    return new PrunePolicy(
        newVersion,
        retainRatio,
        tau,
        beta,
        knn,
        windowFrames,
        idleFlushMs,
        maxWindow,
        filterLayer,
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

  /** Sets fields one by one, for the CLI's flags and for tests; {@link #build()} validates. */
  public static final class Builder {
    private Long version;
    private Double retainRatio;
    private Double tau;
    private Double beta;
    private Integer knn;
    private Integer windowFrames;
    private Long idleFlushMs;
    private Integer maxWindow;
    private Integer filterLayer;
    private Integer topK;
    private Integer poolKernel;
    private Granularity granularity;
    private Integer maxDocumentTokens;
    private Integer innerLayer;
    private Double innerRatio;

    private Builder() {}

    public Builder version(Long v) {
      version = v;
      return this;
    }

    public Builder retainRatio(Double v) {
      retainRatio = v;
      return this;
    }

    public Builder tau(Double v) {
      tau = v;
      return this;
    }

    public Builder beta(Double v) {
      beta = v;
      return this;
    }

    public Builder knn(Integer v) {
      knn = v;
      return this;
    }

    public Builder windowFrames(Integer v) {
      windowFrames = v;
      return this;
    }

    public Builder idleFlushMs(Long v) {
      idleFlushMs = v;
      return this;
    }

    public Builder maxWindow(Integer v) {
      maxWindow = v;
      return this;
    }

    public Builder filterLayer(Integer v) {
      filterLayer = v;
      return this;
    }

    public Builder topK(Integer v) {
      topK = v;
      return this;
    }

    public Builder poolKernel(Integer v) {
      poolKernel = v;
      return this;
    }

    public Builder granularity(Granularity v) {
      granularity = v;
      return this;
    }

    public Builder maxDocumentTokens(Integer v) {
      maxDocumentTokens = v;
      return this;
    }

    public Builder innerLayer(Integer v) {
      innerLayer = v;
      return this;
    }

    public Builder innerRatio(Double v) {
      innerRatio = v;
      return this;
    }

    public PrunePolicy build() {
      return new PrunePolicy(
          version,
          retainRatio,
          tau,
          beta,
          knn,
          windowFrames,
          idleFlushMs,
          maxWindow,
          filterLayer,
          topK,
          poolKernel,
          granularity,
          maxDocumentTokens,
          innerLayer,
          innerRatio);
    }
  }
}
