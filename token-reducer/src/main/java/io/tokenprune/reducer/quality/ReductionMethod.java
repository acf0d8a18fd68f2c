package io.tokenprune.reducer.quality;

/** The methods {@link CoverageComparison} compares. */
public enum ReductionMethod {
  HOLITOM("holitom"),
  UNIFORM_FRAMES("uniform-frames"),
  RANDOM_DROP("random-drop"),
  SALIENCY_TOPK("saliency-topk"),
  TOME_BIPARTITE("tome-bipartite");

  private final String label;

  ReductionMethod(String label) {
    this.label = label;
  }

  /** A short name for tables and metrics. */
  public String label() {
    return label;
  }
}
