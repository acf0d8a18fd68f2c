package io.tokenprune.reducer.holitom;

import java.util.Arrays;

/**
 * Top-k selection by score with a deterministic order: a higher score wins, and an equal score goes
 * to the lower index (where the reference relies on torch.topk's unspecified order or on random
 * noise). O(m log k) with a binary heap whose root is the weakest kept index.
 */
public final class TopK {
  private TopK() {}

  /**
   * @param score indexed by candidate index; must not hold NaN
   * @param candidates the indices to choose from
   * @param k how many to keep, clamped to [0, candidates.length]
   * @return the chosen indices, ascending
   */
  public static int[] select(double[] score, int[] candidates, int k) {
    k = Math.max(0, Math.min(k, candidates.length));
    int[] heap = new int[k];
    int size = 0;
    for (int c : candidates) {
      if (size < k) {
        heap[size] = c;
        siftUp(heap, size++, score);
      } else if (k > 0 && beats(c, heap[0], score)) {
        heap[0] = c;
        siftDown(heap, k, score);
      }
    }
    Arrays.sort(heap);
    return heap;
  }

  /** {@link #select(double[], int[], int)} over all indices 0..score.length-1. */
  public static int[] select(double[] score, int k) {
    int[] all = new int[score.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return select(score, all, k);
  }

  /** Whether index a ranks above index b. */
  static boolean beats(int a, int b, double[] score) {
    return score[a] > score[b] || (score[a] == score[b] && a < b);
  }

  private static void siftUp(int[] heap, int i, double[] score) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!beats(heap[parent], heap[i], score)) {
        return;
      }
      swap(heap, parent, i);
      i = parent;
    }
  }

  private static void siftDown(int[] heap, int size, double[] score) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int weakest = i;
      if (l < size && beats(heap[weakest], heap[l], score)) {
        weakest = l;
      }
      if (l + 1 < size && beats(heap[weakest], heap[l + 1], score)) {
        weakest = l + 1;
      }
      if (weakest == i) {
        return;
      }
      swap(heap, i, weakest);
      i = weakest;
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
