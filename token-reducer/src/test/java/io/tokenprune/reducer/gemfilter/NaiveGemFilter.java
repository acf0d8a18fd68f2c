package io.tokenprune.reducer.gemfilter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Slow, obviously-correct GemFilter selection: torch's avg_pool1d written out over an explicitly
 * zero-padded copy, a full sort for the top k, and a full sort of sentence sums for the greedy
 * fill. Tests compare the real code with it on random inputs.
 */
final class NaiveGemFilter {
  private NaiveGemFilter() {}

  static double[] pool(float[] scores, int kernel) {
    int half = (kernel - 1) / 2;
    double[] padded = new double[scores.length + 2 * half];
    for (int i = 0; i < scores.length; i++) {
      padded[half + i] = scores[i];
    }
    double[] out = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      double sum = 0;
      for (int w = 0; w < kernel; w++) {
        sum += padded[i + w];
      }
      out[i] = sum / kernel;
    }
    return out;
  }

  static int[] tokens(float[] scores, int kernel, int k, int from, int to) {
    double[] pooled = pool(scores, kernel);
    return IntStream.range(from, to)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -pooled[i]).thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .sorted()
        .toArray();
  }

  static int[] sentences(float[] scores, int kernel, int[] bounds, int budget) {
    double[] pooled = pool(scores, kernel);
    List<int[]> parts = new ArrayList<>(); // {start, end}
    for (int s = 0; s + 1 < bounds.length; s++) {
      int start = bounds[s];
      while (bounds[s + 1] - start > budget && budget > 0) {
        parts.add(new int[] {start, start + budget});
        start += budget;
      }
      parts.add(new int[] {start, bounds[s + 1]});
    }
    double[] sum = new double[parts.size()];
    for (int s = 0; s < parts.size(); s++) {
      for (int p = parts.get(s)[0]; p < parts.get(s)[1]; p++) {
        sum[s] += pooled[p];
      }
    }
    List<Integer> order =
        IntStream.range(0, parts.size())
            .boxed()
            .sorted(Comparator.<Integer>comparingDouble(s -> -sum[s]).thenComparingInt(s -> s))
            .toList();
    boolean[] kept = new boolean[parts.size()];
    int used = 0;
    for (int s : order) {
      int len = parts.get(s)[1] - parts.get(s)[0];
      if (used + len <= budget) {
        kept[s] = true;
        used += len;
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int s = 0; s < parts.size(); s++) {
      if (kept[s]) {
        for (int p = parts.get(s)[0]; p < parts.get(s)[1]; p++) {
          out.add(p);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
