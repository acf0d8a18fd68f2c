package io.tokenprune.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/**
 * AdamW (decoupled weight decay) over a fixed list of parameter arrays, updated in place, with
 * clipping of the global gradient norm. Weight decay applies to matrices only, not to norm gains.
 * The moments live in the optimiser's own manager; every temporary of a step lives in a sub-manager
 * closed before {@link #step} returns. Gradients accumulate across backward passes in DJL's PyTorch
 * engine, so {@link #zeroGradients} must follow every step, taken or skipped.
 */
final class AdamW implements AutoCloseable {
  private static final double EPS = 1e-8;

  private final NDList params;
  private final NDManager manager;
  private final NDArray[] m; // first moments, shaped like params
  private final NDArray[] v; // second moments
  private final double beta1;
  private final double beta2;
  private final double weightDecay;
  private long t;
  private final List<Integer> nonFinite = new java.util.ArrayList<>();

  AdamW(NDList params, NDManager parent, double beta1, double beta2, double weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
    }
    this.params = params;
    this.manager = parent.newSubManager();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.weightDecay = weightDecay;
    this.m = new NDArray[params.size()];
    this.v = new NDArray[params.size()];
    for (int i = 0; i < params.size(); i++) {
      m[i] = manager.zeros(params.get(i).getShape());
      v[i] = manager.zeros(params.get(i).getShape());
    }
  }

  /**
   * Clips the gradient to a global L2 norm of {@code clipNorm} and takes one step.
   *
   * @return the gradient's norm before clipping; NaN or infinite when it was not finite, in which
   *     case nothing was updated
   */
  double step(double lr, double clipNorm) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray[] grads = new NDArray[params.size()];
      double squares = 0;
      for (int i = 0; i < grads.length; i++) {
        grads[i] = params.get(i).getGradient();
        grads[i].attach(scope);
        squares += grads[i].square().sum().getFloat();
      }
      double norm = Math.sqrt(squares);
      if (!Double.isFinite(norm)) {
        nonFinite.clear();
        for (int i = 0; i < grads.length; i++) {
          if (!Float.isFinite(grads[i].square().sum().getFloat())) {
            nonFinite.add(i);
          }
        }
        return norm;
      }
      double clip = Math.min(1.0, clipNorm / (norm + 1e-6));
      t++;
      double c1 = 1 - Math.pow(beta1, t);
      double c2 = 1 - Math.pow(beta2, t);
      // scalars as float: a Java double would promote the arrays to float64
      for (int i = 0; i < grads.length; i++) {
        NDArray g = grads[i].mul((float) clip);
        m[i].muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v[i].muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
        NDArray mHat = attached(m[i].div((float) c1), scope);
        NDArray vHat = attached(v[i].div((float) c2), scope);
        NDArray update = mHat.div(vHat.sqrt().add((float) EPS)).mul((float) lr);
        NDArray p = params.get(i);
        if (p.getShape().dimension() >= 2 && weightDecay > 0) {
          p.muli((float) (1 - lr * weightDecay));
        }
        p.subi(update);
      }
      return norm;
    }
  }

  /** Sets every parameter's accumulated gradient to zero. */
  void zeroGradients() {
    for (NDArray p : params) {
      try (NDArray g = p.getGradient()) {
        g.set(new NDIndex("..."), 0f);
      }
    }
  }

  /** Indices of the parameters whose gradient was not finite at the last skipped step. */
  List<Integer> nonFiniteGradients() {
    return List.copyOf(nonFinite);
  }

  /** Steps taken (for bias correction). */
  long steps() {
    return t;
  }

  /** The moments, for a checkpoint: m then v, in parameter order. */
  List<NDArray> moments() {
    List<NDArray> out = new java.util.ArrayList<>(List.of(m));
    out.addAll(List.of(v));
    return out;
  }

  /** Restores moments and the step count from a checkpoint. */
  void restore(List<float[]> firstMoments, List<float[]> secondMoments, long steps) {
    for (int i = 0; i < m.length; i++) {
      m[i].set(firstMoments.get(i));
      v[i].set(secondMoments.get(i));
    }
    t = steps;
  }

  private static NDArray attached(NDArray a, NDManager scope) {
    a.attach(scope);
    return a;
  }

  @Override
  public void close() {
    manager.close();
  }
}
