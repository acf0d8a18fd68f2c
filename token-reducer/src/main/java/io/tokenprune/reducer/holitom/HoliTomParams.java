package io.tokenprune.reducer.holitom;

/**
 * HoliTom's parameters.
 *
 * @param retainRatio r, the fraction of a window's T*N tokens to keep, in (0, 1]
 * @param tau cosine threshold above which a position counts as unchanged between two consecutive
 *     frames, in [-1, 1]
 * @param beta weight of a cluster centre in its merged token (the members' mean gets 1 - beta), in
 *     [0, 1]
 * @param knn neighbours (self included) in the DPC-kNN density; capped at the cluster count
 * @param maxWindow the longest segment, in frames, that the segmentation may form; >= 1
 */
public record HoliTomParams(double retainRatio, double tau, double beta, int knn, int maxWindow) {

  /**
   * 32 frames: the reference runs on 32-frame clips, so its own cap (1024) never binds and its
   * segments are at most 32 frames. It also bounds the segment a streaming window carries over to
   * 32 frames, so a buffer of windowFrames=32 new frames plus the carry never exceeds 64 frames.
   */
  public static final int DEFAULT_MAX_WINDOW = 32;

  public HoliTomParams {
    if (!(retainRatio > 0 && retainRatio <= 1)) {
      throw new IllegalArgumentException("retainRatio must be in (0,1], got " + retainRatio);
    }
    if (!(tau >= -1 && tau <= 1)) {
      throw new IllegalArgumentException("tau must be in [-1,1], got " + tau);
    }
    if (!(beta >= 0 && beta <= 1)) {
      throw new IllegalArgumentException("beta must be in [0,1], got " + beta);
    }
    if (knn < 1) {
      throw new IllegalArgumentException("knn must be >= 1, got " + knn);
    }
    if (maxWindow < 1) {
      throw new IllegalArgumentException("maxWindow must be >= 1, got " + maxWindow);
    }
  }

  /**
   * r=0.10, tau=0.80, beta=0.6, k=7 (DESIGN.md) and maxWindow=32 (see {@link #DEFAULT_MAX_WINDOW}).
   */
  public static HoliTomParams defaults() {
    return new HoliTomParams(0.10, 0.80, 0.6, 7, DEFAULT_MAX_WINDOW);
  }

  public HoliTomParams withRetainRatio(double r) {
    return new HoliTomParams(r, tau, beta, knn, maxWindow);
  }
}
