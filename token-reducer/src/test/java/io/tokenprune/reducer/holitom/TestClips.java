package io.tokenprune.reducer.holitom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic clips for tests: frames {@code [N, D]} and saliency {@code [N]}. */
final class TestClips {
  private TestClips() {}

  /** T frames of independent N(0,1) values. */
  static List<float[]> independent(SplittableRandom rnd, int t, int n, int d) {
    List<float[]> frames = new ArrayList<>();
    for (int f = 0; f < t; f++) {
      frames.add(gaussian(rnd, n * d));
    }
    return frames;
  }

  /**
   * A clip with structure: each position keeps a base vector plus small noise (cosine ~0.99 between
   * frames, so static at tau=0.8) and redraws it with probability {@code changeProb} per frame;
   * with probability {@code cutProb} a frame redraws every position (a scene cut).
   */
  static List<float[]> structured(
      SplittableRandom rnd, int t, int n, int d, double changeProb, double cutProb) {
    float[] base = gaussian(rnd, n * d);
    List<float[]> frames = new ArrayList<>();
    for (int f = 0; f < t; f++) {
      boolean cut = f > 0 && rnd.nextDouble() < cutProb;
      for (int p = 0; p < n; p++) {
        if (cut || (f > 0 && rnd.nextDouble() < changeProb)) {
          for (int k = 0; k < d; k++) {
            base[p * d + k] = (float) rnd.nextGaussian();
          }
        }
      }
      float[] frame = new float[n * d];
      for (int i = 0; i < frame.length; i++) {
        frame[i] = base[i] + (float) (0.02 * rnd.nextGaussian());
      }
      frames.add(frame);
    }
    return frames;
  }

  /** Saliency on a coarse grid of 5 values, so that ties are common. */
  static List<float[]> coarseSaliency(SplittableRandom rnd, int t, int n) {
    List<float[]> out = new ArrayList<>();
    for (int f = 0; f < t; f++) {
      float[] a = new float[n];
      for (int p = 0; p < n; p++) {
        a[p] = rnd.nextInt(5) / 4f;
      }
      out.add(a);
    }
    return out;
  }

  static float[] gaussian(SplittableRandom rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }
}
