package io.tokenprune.reducer.holitom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Slow, obviously-correct references for the HoliTom kernels, in double precision: direct formulas,
 * full re-scans, brute force over every segmentation, full sorts. Tests compare the fast code with
 * these on random inputs.
 */
final class NaiveHoliTom {
  private NaiveHoliTom() {}

  /** {@code [T-1][N]} cosines of consecutive frames; 0 for a zero vector. */
  static double[][] similarity(List<float[]> frames, int n, int d) {
    double[][] sim = new double[frames.size() - 1][n];
    for (int t = 0; t + 1 < frames.size(); t++) {
      for (int p = 0; p < n; p++) {
        double dot = 0, na = 0, nb = 0;
        for (int k = 0; k < d; k++) {
          double a = frames.get(t)[p * d + k];
          double b = frames.get(t + 1)[p * d + k];
          dot += a * b;
          na += a * a;
          nb += b * b;
        }
        sim[t][p] = na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
      }
    }
    return sim;
  }

  /** cnt(s,e) by re-scanning every pair row: (e-s) * #positions static over pairs s..e-1. */
  static long cnt(double[][] sim, int n, int s, int e, double tau) {
    long count = 0;
    for (int p = 0; p < n; p++) {
      boolean all = true;
      for (int f = s; f < e; f++) {
        all &= sim[f][p] > tau;
      }
      if (all) {
        count++;
      }
    }
    return (long) (e - s) * count;
  }

  /**
   * The reference DP loop verbatim, with cnt re-scanned for every candidate: O(T * maxWindow * N *
   * window). For larger T, where brute force is out of reach.
   */
  static Segmentation rescanDp(double[][] sim, int frames, int n, double tau, int maxWindow) {
    long[] dp = new long[frames];
    int[] prev = new int[frames];
    for (int i = 0; i < frames; i++) {
      long best = i > 0 ? dp[i - 1] : 0;
      int bestJ = i;
      for (int w = 2; w <= Math.min(i + 1, maxWindow); w++) {
        int j = i - w;
        long v = (j >= 0 ? dp[j] : 0) + cnt(sim, n, j + 1, i, tau);
        if (v > best) {
          best = v;
          bestJ = j + 1;
        }
      }
      dp[i] = best;
      prev[i] = bestJ;
    }
    List<Segment> segments = new ArrayList<>();
    for (int i = frames - 1; i >= 0; i = prev[i] - 1) {
      segments.add(0, new Segment(prev[i], i));
    }
    return new Segmentation(segments, dp[frames - 1]);
  }

  /**
   * Every segmentation of T frames into segments of at most maxWindow frames; the best total cnt
   * wins, and among equals the one whose segment lengths, read from the last segment backwards, are
   * lexicographically smallest (the DP's strict {@code >} with lengths tried shortest first).
   */
  static Segmentation bruteForce(double[][] sim, int frames, int n, double tau, int maxWindow) {
    List<Segment> best = null;
    long bestTotal = -1;
    for (int cuts = 0; cuts < 1 << (frames - 1); cuts++) {
      List<Segment> segments = new ArrayList<>();
      int start = 0;
      for (int f = 0; f < frames; f++) {
        boolean cutAfter = f == frames - 1 || (cuts & (1 << f)) != 0;
        if (cutAfter) {
          segments.add(new Segment(start, f));
          start = f + 1;
        }
      }
      if (segments.stream().anyMatch(s -> s.length() > maxWindow)) {
        continue;
      }
      long total = 0;
      for (Segment s : segments) {
        total += cnt(sim, n, s.start(), s.end(), tau);
      }
      if (total > bestTotal || (total == bestTotal && shorterFromTheEnd(segments, best))) {
        best = segments;
        bestTotal = total;
      }
    }
    return new Segmentation(best, bestTotal);
  }

  private static boolean shorterFromTheEnd(List<Segment> a, List<Segment> b) {
    for (int i = 1; i <= Math.min(a.size(), b.size()); i++) {
      int la = a.get(a.size() - i).length();
      int lb = b.get(b.size() - i).length();
      if (la != lb) {
        return la < lb;
      }
    }
    return false;
  }

  /** Centres (ascending), assignment to centre slots, and the beta-merged tokens [C][D]. */
  record Dpc(int[] centres, int[] assignment, double[][] merged) {}

  static Dpc dpc(float[] x, int m, int d, int c, int k, double beta) {
    double[][] dist = new double[m][m];
    double max = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int t = 0; t < d; t++) {
          double diff = (double) x[i * d + t] - x[j * d + t];
          s += diff * diff;
        }
        dist[i][j] = Math.sqrt(s) / Math.sqrt(d);
        max = Math.max(max, dist[i][j]);
      }
    }
    double[] rho = new double[m];
    for (int i = 0; i < m; i++) {
      double[] sq = new double[m];
      for (int j = 0; j < m; j++) {
        sq[j] = dist[i][j] * dist[i][j];
      }
      Arrays.sort(sq);
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += sq[j];
      }
      rho[i] = Math.exp(-sum / k);
    }
    double[] score = new double[m];
    for (int i = 0; i < m; i++) {
      double delta = max;
      for (int j = 0; j < m; j++) {
        if (rho[j] > rho[i] || (rho[j] == rho[i] && j < i)) {
          delta = Math.min(delta, dist[i][j]);
        }
      }
      score[i] = rho[i] * delta;
    }
    int[] centres =
        sortedByScoreThenIndex(score).stream()
            .limit(c)
            .mapToInt(Integer::intValue)
            .sorted()
            .toArray();
    int[] assignment = new int[m];
    for (int i = 0; i < m; i++) {
      int q = 0;
      for (int t = 1; t < c; t++) {
        if (dist[i][centres[t]] < dist[i][centres[q]]) {
          q = t;
        }
      }
      assignment[i] = q;
    }
    for (int q = 0; q < c; q++) {
      assignment[centres[q]] = q;
    }
    double[][] merged = new double[c][d];
    for (int q = 0; q < c; q++) {
      double[] mean = new double[d];
      int members = 0;
      for (int i = 0; i < m; i++) {
        if (assignment[i] == q && i != centres[q]) {
          members++;
          for (int t = 0; t < d; t++) {
            mean[t] += x[i * d + t];
          }
        }
      }
      for (int t = 0; t < d; t++) {
        double centre = x[centres[q] * d + t];
        merged[q][t] = members == 0 ? centre : beta * centre + (1 - beta) * mean[t] / members;
      }
    }
    return new Dpc(centres, assignment, merged);
  }

  /** Indices sorted by score descending, ties by index ascending. */
  static List<Integer> sortedByScoreThenIndex(double[] score) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < score.length; i++) {
      idx.add(i);
    }
    idx.sort(
        Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(Integer::intValue));
    return idx;
  }
}
