package io.tokenprune.reducer.holitom;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Started by {@link KernelsTest} in a JVM without jdk.incubator.vector: prints the kernels it chose
 * and {@link #digest} of a reduced clip with them, which must be the in-process scalar digest.
 */
public final class WithoutVectorModule {
  private WithoutVectorModule() {}

  public static void main(String[] args) {
    // The public entry point, as a caller without the module runs it.
    System.out.println(Kernels.DEFAULT + " " + digest(HoliTom.reduce(clip(), saliency(), N, D, P)));
  }

  static final int N = 20;
  static final int D = 48;
  static final HoliTomParams P = HoliTomParams.defaults();

  /** 8 frames {@code [N, D]}, static enough for DPC merges, with a few cuts. */
  static List<float[]> clip() {
    return TestClips.structured(new SplittableRandom(31), 8, N, D, 0.2, 0.1);
  }

  static List<float[]> saliency() {
    return TestClips.coarseSaliency(new SplittableRandom(32), 8, N);
  }

  /** Every bit of the output: tokens, patch indices, frame offsets and kinds of each segment. */
  static String digest(List<CompressedSegment> segments) {
    int h = 1;
    for (CompressedSegment s : segments) {
      h = 31 * h + Arrays.hashCode(s.tokens());
      h = 31 * h + Arrays.hashCode(s.patchIndices());
      h = 31 * h + Arrays.hashCode(s.frameOffsets());
      h = 31 * h + Arrays.hashCode(s.kinds());
    }
    return segments.size() + " segments, digest " + Integer.toHexString(h);
  }
}
