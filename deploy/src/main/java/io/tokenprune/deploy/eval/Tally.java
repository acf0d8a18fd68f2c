package io.tokenprune.deploy.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact-match counts of each method per (length, depth) cell of the needle grid. Not thread-safe;
 * the evaluation fills it from one thread.
 */
final class Tally {
  private final List<Integer> lengths;
  private final int depths;
  private final Map<Method, int[][]> correct = new LinkedHashMap<>(); // [length][depth]
  private final int[][] asked; // [length][depth]

  Tally(List<Integer> lengths, int depths) {
    this.lengths = List.copyOf(lengths);
    this.depths = depths;
    this.asked = new int[lengths.size()][depths];
  }

  /** Counts one prompt at a cell. */
  void ask(int lengthIndex, int depth) {
    asked[lengthIndex][depth]++;
  }

  void record(Method m, int lengthIndex, int depth, boolean right) {
    int[][] cells = correct.computeIfAbsent(m, x -> new int[lengths.size()][depths]);
    if (right) {
      cells[lengthIndex][depth]++;
    }
  }

  List<Method> methods() {
    return List.copyOf(correct.keySet());
  }

  /** Exact match over the whole grid. */
  double em(Method m) {
    int right = 0;
    int all = 0;
    for (int l = 0; l < lengths.size(); l++) {
      for (int d = 0; d < depths; d++) {
        right += cells(m)[l][d];
        all += asked[l][d];
      }
    }
    return all == 0 ? Double.NaN : (double) right / all;
  }

  /** Exact match at one length. */
  double em(Method m, int lengthIndex) {
    int right = 0;
    int all = 0;
    for (int d = 0; d < depths; d++) {
      right += cells(m)[lengthIndex][d];
      all += asked[lengthIndex][d];
    }
    return all == 0 ? Double.NaN : (double) right / all;
  }

  /** Exact match in one cell. */
  double em(Method m, int lengthIndex, int depth) {
    int all = asked[lengthIndex][depth];
    return all == 0 ? Double.NaN : (double) cells(m)[lengthIndex][depth] / all;
  }

  int samples() {
    int all = 0;
    for (int[] row : asked) {
      for (int n : row) {
        all += n;
      }
    }
    return all;
  }

  int samples(int lengthIndex) {
    int all = 0;
    for (int n : asked[lengthIndex]) {
      all += n;
    }
    return all;
  }

  List<Integer> lengths() {
    return lengths;
  }

  int depths() {
    return depths;
  }

  private int[][] cells(Method m) {
    int[][] c = correct.get(m);
    return c == null ? new int[lengths.size()][depths] : c;
  }
}
