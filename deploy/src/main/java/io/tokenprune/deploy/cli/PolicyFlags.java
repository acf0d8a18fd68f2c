package io.tokenprune.deploy.cli;

import io.tokenprune.schemas.policy.Granularity;
import io.tokenprune.schemas.policy.PrunePolicy;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** One flag per PrunePolicy field, the field name in kebab case; unset flags stay null. */
final class PolicyFlags {
  @Option(names = "--version", paramLabel = "N", description = "Record version, >= 0.")
  Long version;

  @Option(names = "--retain-ratio", paramLabel = "R", description = "Video tokens kept, (0,1].")
  Double retainRatio;

  @Option(names = "--tau", paramLabel = "T", description = "Static-patch cosine, [-1,1].")
  Double tau;

  @Option(names = "--beta", paramLabel = "B", description = "Centre weight in a merge, [0,1].")
  Double beta;

  @Option(names = "--knn", paramLabel = "K", description = "k of the DPC-kNN density, >= 1.")
  Integer knn;

  @Option(names = "--window-frames", paramLabel = "N", description = "Frames per window, >= 1.")
  Integer windowFrames;

  @Option(names = "--idle-flush-ms", paramLabel = "MS", description = "Idle flush, ms, >= 1.")
  Long idleFlushMs;

  @Option(names = "--max-window", paramLabel = "N", description = "Longest segment, >= 1.")
  Integer maxWindow;

  @Option(names = "--filter-layer", paramLabel = "L", description = "GemFilter layer, >= 0.")
  Integer filterLayer;

  @Option(names = "--top-k", paramLabel = "K", description = "Tokens kept per doc, >= 1.")
  Integer topK;

  @Option(names = "--pool-kernel", paramLabel = "K", description = "Score pool width, odd.")
  Integer poolKernel;

  @Option(names = "--granularity", paramLabel = "G", description = "TOKEN or SENTENCE.")
  String granularity;

  @Option(names = "--max-document-tokens", paramLabel = "N", description = "Doc bound, >= 1.")
  Integer maxDocumentTokens;

  @Option(names = "--inner-layer", paramLabel = "K", description = "Inner-merge layer, >= 1.")
  Integer innerLayer;

  @Option(names = "--inner-ratio", paramLabel = "R", description = "Merged away at K, [0,1).")
  Double innerRatio;

  /** The flags as a policy; throws IllegalArgumentException naming every bad value. */
  PrunePolicy policy() {
    return PrunePolicy.builder()
        .version(version)
        .retainRatio(retainRatio)
        .tau(tau)
        .beta(beta)
        .knn(knn)
        .windowFrames(windowFrames)
        .idleFlushMs(idleFlushMs)
        .maxWindow(maxWindow)
        .filterLayer(filterLayer)
        .topK(topK)
        .poolKernel(poolKernel)
        .granularity(granularity == null ? null : granularity(granularity))
        .maxDocumentTokens(maxDocumentTokens)
        .innerLayer(innerLayer)
        .innerRatio(innerRatio)
        .build();
  }

  private static Granularity granularity(String text) {
    return Arrays.stream(Granularity.values())
        .filter(g -> g.name().equalsIgnoreCase(text))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "granularity must be one of "
                        + Arrays.toString(Granularity.values())
                        + ", got \""
                        + text
                        + "\""));
  }
}
