package io.tokenprune.reducer.holitom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole HoliTom window reduction built only from {@link NaiveHoliTom}'s references: double
 * cosines, brute-force segmentation (so T <= ~12), double means, naive DPC-kNN, full sorts.
 */
final class NaiveReduction {
  private NaiveReduction() {}

  record NaiveSegment(
      Segment segment, double[][] tokens, int[] frameOffsets, int[] patches, byte[] kinds) {}

  record Result(List<NaiveSegment> segments, double rPrime, long dpTotal) {}

  static Result reduce(
      List<float[]> frames, List<float[]> saliency, int n, int d, HoliTomParams p) {
    int t = frames.size();
    double[][] sim = NaiveHoliTom.similarity(frames, n, d);
    Segmentation seg = NaiveHoliTom.bruteForce(sim, t, n, p.tau(), p.maxWindow());
    double total = (double) t * n;
    double rPrime = Math.min(p.retainRatio() / ((total - seg.total()) / total), 1);
    List<NaiveSegment> out = new ArrayList<>();
    for (Segment s : seg.segments()) {
      out.add(segment(frames, saliency, n, d, s, sim, rPrime, p));
    }
    return new Result(out, rPrime, seg.total());
  }

  private static NaiveSegment segment(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      Segment s,
      double[][] sim,
      double rPrime,
      HoliTomParams p) {
    List<Integer> statics = new ArrayList<>();
    List<Integer> dynamics = new ArrayList<>();
    for (int pos = 0; pos < n; pos++) {
      boolean isStatic = s.length() > 1;
      for (int f = s.start(); f < s.end(); f++) {
        isStatic &= sim[f][pos] > p.tau();
      }
      (isStatic ? statics : dynamics).add(pos);
    }
    List<double[]> tokens = new ArrayList<>();
    List<int[]> meta = new ArrayList<>(); // {frameOffset, patch, kind}
    int c = (int) Math.rint(statics.size() * rPrime);
    if (c > 0) {
      float[] means = new float[statics.size() * d];
      for (int q = 0; q < statics.size(); q++) {
        for (int k = 0; k < d; k++) {
          double sum = 0;
          for (int f = s.start(); f <= s.end(); f++) {
            sum += frames.get(f)[statics.get(q) * d + k];
          }
          means[q * d + k] = (float) (sum / s.length());
        }
      }
      NaiveHoliTom.Dpc dpc =
          NaiveHoliTom.dpc(means, statics.size(), d, c, Math.min(p.knn(), c), p.beta());
      for (int q = 0; q < c; q++) {
        tokens.add(dpc.merged()[q]);
        meta.add(new int[] {0, statics.get(dpc.centres()[q]), CompressedSegment.STATIC});
      }
    }
    int keep = (int) Math.ceil(dynamics.size() * rPrime);
    for (int f = s.start(); f <= s.end(); f++) {
      double[] score = new double[n];
      Arrays.fill(score, Double.NEGATIVE_INFINITY);
      for (int pos : dynamics) {
        score[pos] = saliency.get(f)[pos];
      }
      int[] kept =
          NaiveHoliTom.sortedByScoreThenIndex(score).stream()
              .limit(keep)
              .mapToInt(Integer::intValue)
              .sorted()
              .toArray();
      for (int pos : kept) {
        double[] tok = new double[d];
        for (int k = 0; k < d; k++) {
          tok[k] = frames.get(f)[pos * d + k];
        }
        tokens.add(tok);
        meta.add(new int[] {f - s.start(), pos, CompressedSegment.DYNAMIC});
      }
    }
    int m = tokens.size();
    int[] offsets = new int[m];
    int[] patches = new int[m];
    byte[] kinds = new byte[m];
    for (int i = 0; i < m; i++) {
      offsets[i] = meta.get(i)[0];
      patches[i] = meta.get(i)[1];
      kinds[i] = (byte) meta.get(i)[2];
    }
    return new NaiveSegment(s, tokens.toArray(new double[0][]), offsets, patches, kinds);
  }
}
