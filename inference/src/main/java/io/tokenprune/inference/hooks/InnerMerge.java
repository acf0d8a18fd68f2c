package io.tokenprune.inference.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.tokenprune.inference.merge.TokenMerge;
import java.util.Arrays;

/**
 * Applies {@link TokenMerge} to the residual stream between layers K-1 and K. The cosine
 * similarities (the O(Nv^2 D) part) run as one NDArray matMul; the choice of kept tokens and the
 * weighted means are the pure functions, so this equals {@link TokenMerge#merge} up to float
 * rounding in the similarities.
 */
public final class InnerMerge {
  private InnerMerge() {}

  /**
   * The merged sequence.
   *
   * @param hidden [1, T', D] with T' = T - merged, owned by the input's manager
   * @param positions [T'] the survivors' original position ids
   */
  public record Merged(NDArray hidden, int[] positions, int merged) {}

  /**
   * @param hidden [1, T, D] input to layer K
   * @param positions [T]
   * @param attention [T] layer K-1's attention of the last query row, averaged over heads
   * @return the merged sequence; with nothing to merge (r = 0), the very same hidden array
   */
  public static Merged apply(
      NDArray hidden, int[] positions, InnerMergeSpec spec, float[] attention) {
    int nv = spec.spanLength();
    int s = spec.spanStart();
    int e = spec.spanEnd();
    int keep = TokenMerge.keepCount(nv, spec.ratio());
    if (keep == nv) {
      return new Merged(hidden, positions, 0);
    }
    int[] kept = TokenMerge.topIndices(Arrays.copyOfRange(attention, s, e), keep);
    int[] others = TokenMerge.complement(nv, kept);
    int dim = Math.toIntExact(hidden.getShape().get(2));
    NDManager owner = hidden.getManager();
    try (NDManager scope = owner.newSubManager()) {
      NDArray span = hidden.get(scope, new NDIndex("0, {}:{}, :", s, e)); // [Nv, D]
      NDArray keptUnit = unitRows(span.get(scope.create(toLongs(kept)))); // [keep, D]
      NDArray otherUnit = unitRows(span.get(scope.create(toLongs(others)))); // [Nv-keep, D]
      long[] best = otherUnit.matMul(keptUnit.transpose()).argMax(1).toLongArray();
      int[] assignment = new int[best.length];
      for (int i = 0; i < best.length; i++) {
        assignment[i] = (int) best[i];
      }
      TokenMerge.Result merged =
          TokenMerge.weightedMeans(span.toFloatArray(), null, dim, kept, others, assignment);
      NDArray rows = scope.create(merged.tokens(), new Shape(1, keep, dim));
      NDArray out =
          NDArrays.concat(
              new NDList(
                  hidden.get(scope, new NDIndex(":, :{}, :", s)),
                  rows,
                  hidden.get(scope, new NDIndex(":, {}:, :", e))),
              1);
      out.attach(owner);
      return new Merged(out, keptPositions(positions, s, e, kept), nv - keep);
    }
  }

  private static int[] keptPositions(int[] positions, int s, int e, int[] kept) {
    int[] out = new int[positions.length - (e - s) + kept.length];
    System.arraycopy(positions, 0, out, 0, s);
    for (int i = 0; i < kept.length; i++) {
      out[s + i] = positions[s + kept[i]];
    }
    System.arraycopy(positions, e, out, s + kept.length, positions.length - e);
    return out;
  }

  /** Rows scaled to unit length; an all-zero row stays zero (similarity 0 to everything). */
  private static NDArray unitRows(NDArray rows) {
    return rows.div(rows.norm(new int[] {1}, true).maximum(1e-12f));
  }

  private static long[] toLongs(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }
}
