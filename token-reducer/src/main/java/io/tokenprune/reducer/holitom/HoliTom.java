package io.tokenprune.reducer.holitom;

import java.util.ArrayList;
import java.util.List;

/**
 * HoliTom outer-LLM token merging over a window of frames: {@link #plan} segments the window and
 * sets the budget r', then {@link #compress} reduces one segment at a time. A streaming caller
 * plans its buffered window, compresses and emits every segment but the last, and carries the last
 * segment's frames into the next window (DESIGN.md, "Video path").
 *
 * <p>Shapes: each frame is {@code float[N*D]} (N tokens of D dims, row-major); each saliency vector
 * is {@code float[N]}, higher meaning more important. Inputs are read, never modified.
 */
public final class HoliTom {
  private HoliTom() {}

  /** Segments a window of T >= 1 frames and computes the budget r'. */
  public static WindowPlan plan(List<float[]> frames, int n, int d, HoliTomParams p) {
    return plan(frames, n, d, p, Kernels.DEFAULT);
  }

  /** {@link #plan(List, int, int, HoliTomParams)} with the given kernels. */
  static WindowPlan plan(List<float[]> frames, int n, int d, HoliTomParams p, Kernels kernels) {
    checkFrames(frames, n, d);
    return planWith(
        frames, Similarity.consecutive(frames, 0, frames.size() - 1, n, d, kernels), n, d, p);
  }

  /**
   * {@link #plan(List, int, int, HoliTomParams)} with the consecutive-frame cosines already known,
   * e.g. computed with {@link Similarity#between} as each frame arrived, so that frames carried
   * from window to window are not compared again. The result is identical when the rows are.
   *
   * @param similarity {@code [T-1, N]}: row t is {@code Similarity.between(frame t, frame t+1)};
   *     kept by the plan, not copied
   */
  public static WindowPlan plan(
      List<float[]> frames, float[] similarity, int n, int d, HoliTomParams p) {
    checkFrames(frames, n, d);
    if (similarity.length != (frames.size() - 1) * n) {
      throw new IllegalArgumentException(
          "similarity has "
              + similarity.length
              + " values, expected "
              + (frames.size() - 1)
              + "x"
              + n);
    }
    return planWith(frames, similarity, n, d, p);
  }

  private static WindowPlan planWith(
      List<float[]> frames, float[] sim, int n, int d, HoliTomParams p) {
    int t = frames.size();
    Segmentation seg = TemporalSegmenter.segment(sim, t, n, p.tau(), p.maxWindow());
    double rPrime = Budget.retainRatio(p.retainRatio(), t, n, seg.total());
    return new WindowPlan(seg.segments(), rPrime, seg.total(), t, n, d, p, sim);
  }

  /**
   * Compresses one segment of a planned window, reusing the plan's similarities and parameters.
   *
   * @param frames the same T frames the plan was made for
   * @param saliency one {@code float[N]} per frame, no NaN
   */
  public static CompressedSegment compress(
      WindowPlan plan, List<float[]> frames, List<float[]> saliency, Segment segment) {
    return compress(plan, frames, saliency, segment, Kernels.DEFAULT);
  }

  /** {@link #compress(WindowPlan, List, List, Segment)} with the given kernels. */
  static CompressedSegment compress(
      WindowPlan plan,
      List<float[]> frames,
      List<float[]> saliency,
      Segment segment,
      Kernels kernels) {
    if (frames.size() != plan.frameCount()) {
      throw new IllegalArgumentException(
          "plan is for " + plan.frameCount() + " frames, got " + frames.size());
    }
    checkFrames(frames, plan.n(), plan.d());
    checkSegment(segment, frames.size());
    checkSaliency(saliency, segment, plan.n());
    return SegmentCompression.compress(
        frames,
        saliency,
        plan.n(),
        plan.d(),
        segment,
        plan.similarity(),
        segment.start(),
        plan.rPrime(),
        plan.params(),
        kernels);
  }

  /**
   * Compresses one segment with a given budget, recomputing the similarities of its own frames.
   *
   * @param frames the window's frames; the segment indexes into them
   * @param saliency one {@code float[N]} per frame of the window (only the segment's are read)
   * @param rPrime the window's budget, in (0, 1]
   */
  public static CompressedSegment compress(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      Segment segment,
      double rPrime,
      HoliTomParams p) {
    checkFrames(frames, n, d);
    checkSegment(segment, frames.size());
    checkSaliency(saliency, segment, n);
    if (!(rPrime > 0 && rPrime <= 1)) {
      throw new IllegalArgumentException("rPrime must be in (0,1], got " + rPrime);
    }
    float[] sim =
        segment.length() > 1
            ? Similarity.consecutive(frames, segment.start(), segment.end(), n, d)
            : new float[0];
    return SegmentCompression.compress(
        frames, saliency, n, d, segment, sim, 0, rPrime, p, Kernels.DEFAULT);
  }

  /** Plans the window and compresses every segment, in order: the whole pipeline. */
  public static List<CompressedSegment> reduce(
      List<float[]> frames, List<float[]> saliency, int n, int d, HoliTomParams p) {
    return reduce(frames, saliency, n, d, p, Kernels.DEFAULT);
  }

  /** {@link #reduce(List, List, int, int, HoliTomParams)} with the given kernels. */
  static List<CompressedSegment> reduce(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      HoliTomParams p,
      Kernels kernels) {
    WindowPlan plan = plan(frames, n, d, p, kernels);
    List<CompressedSegment> out = new ArrayList<>(plan.segments().size());
    for (Segment segment : plan.segments()) {
      out.add(compress(plan, frames, saliency, segment, kernels));
    }
    return out;
  }

  private static void checkFrames(List<float[]> frames, int n, int d) {
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException("n and d must be >= 1, got " + n + ", " + d);
    }
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one frame");
    }
    for (int t = 0; t < frames.size(); t++) {
      if (frames.get(t).length != n * d) {
        throw new IllegalArgumentException(
            "frame " + t + " has " + frames.get(t).length + " values, expected " + n + "x" + d);
      }
    }
  }

  private static void checkSegment(Segment segment, int frameCount) {
    if (segment.end() >= frameCount) {
      throw new IllegalArgumentException(
          "segment ["
              + segment.start()
              + ", "
              + segment.end()
              + "] is outside "
              + frameCount
              + " frames");
    }
  }

  private static void checkSaliency(List<float[]> saliency, Segment segment, int n) {
    if (saliency.size() <= segment.end()) {
      throw new IllegalArgumentException(
          "saliency has " + saliency.size() + " frames, segment ends at " + segment.end());
    }
    for (int t = segment.start(); t <= segment.end(); t++) {
      float[] a = saliency.get(t);
      if (a.length != n) {
        throw new IllegalArgumentException(
            "saliency of frame " + t + " has " + a.length + " values, expected " + n);
      }
      for (int p = 0; p < n; p++) {
        if (Float.isNaN(a[p])) {
          throw new IllegalArgumentException("saliency of frame " + t + " is NaN at " + p);
        }
      }
    }
  }
}
