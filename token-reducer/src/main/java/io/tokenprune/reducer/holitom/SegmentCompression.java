package io.tokenprune.reducer.holitom;

import java.util.List;

/** Compresses one segment: DPC-kNN merge of its static tokens, saliency top-k of the rest. */
final class SegmentCompression {
  private SegmentCompression() {}

  /**
   * @param sim {@code [rows, N]}; row {@code simRowOfStart} is the pair (s, s+1); unused for a
   *     single frame
   * @param kernels the dense kernels for the DPC distances and merge
   */
  static CompressedSegment compress(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      Segment segment,
      float[] sim,
      int simRowOfStart,
      double rPrime,
      HoliTomParams p,
      Kernels kernels) {
    int s = segment.start();
    int frameCount = segment.length();
    int[] statics = new int[0];
    int[] dynamics;
    float[] merged = new float[0];
    int[] mergedPositions = new int[0];
    if (frameCount == 1) {
      dynamics = allPositions(n);
    } else {
      StaticDynamicSplit split =
          StaticDynamicSplit.of(frames, segment, n, d, sim, simRowOfStart, p.tau());
      statics = split.staticPositions();
      dynamics = split.dynamicPositions();
      int c = Budget.clusterCount(statics.length, rPrime);
      if (c > 0) {
        DensityPeakClustering.Clusters clusters =
            DensityPeakClustering.cluster(
                split.means(), statics, d, c, Math.min(p.knn(), c), kernels);
        merged =
            DensityPeakClustering.merge(split.means(), statics, d, clusters, p.beta(), kernels);
        mergedPositions = new int[c];
        for (int q = 0; q < c; q++) {
          mergedPositions[q] = statics[clusters.centres()[q]];
        }
      }
    }
    int keep = Budget.dynamicKeep(dynamics.length, rPrime);
    int[][] kept = new int[frameCount][];
    double[] score = new double[n];
    for (int f = 0; f < frameCount; f++) {
      float[] a = saliency.get(s + f);
      for (int q = 0; q < n; q++) {
        score[q] = a[q];
      }
      kept[f] = TopK.select(score, dynamics, keep);
    }

    int m = mergedPositions.length + frameCount * keep;
    float[] tokens = new float[m * d];
    int[] frameOffsets = new int[m];
    int[] patches = new int[m];
    byte[] kinds = new byte[m];
    System.arraycopy(merged, 0, tokens, 0, merged.length);
    System.arraycopy(mergedPositions, 0, patches, 0, mergedPositions.length);
    int i = mergedPositions.length; // static kinds are 0 and frame offsets 0 already
    for (int f = 0; f < frameCount; f++) {
      float[] frame = frames.get(s + f);
      for (int pos : kept[f]) {
        System.arraycopy(frame, pos * d, tokens, i * d, d);
        frameOffsets[i] = f;
        patches[i] = pos;
        kinds[i] = CompressedSegment.DYNAMIC;
        i++;
      }
    }
    return new CompressedSegment(tokens, frameOffsets, patches, kinds, frameCount * n, d);
  }

  private static int[] allPositions(int n) {
    int[] all = new int[n];
    for (int p = 0; p < n; p++) {
      all[p] = p;
    }
    return all;
  }
}
