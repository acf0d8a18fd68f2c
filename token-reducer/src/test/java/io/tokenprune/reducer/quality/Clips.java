package io.tokenprune.reducer.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic clip: a static background per scene with small per-frame noise, a few
 * positions that change every frame (a moving object), and a scene cut every {@code sceneFrames}
 * frames. Saliency is the token's norm, so it is deterministic and has no ties.
 */
final class Clips {
  final List<float[]> frames = new ArrayList<>();
  final List<float[]> saliency = new ArrayList<>();

  Clips(long seed, int t, int n, int d, int movingPositions, int sceneFrames) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] background = new float[n * d];
    for (int f = 0; f < t; f++) {
      if (f % sceneFrames == 0) {
        fill(rnd, background, 0, n * d);
      }
      float[] frame = background.clone();
      for (int i = 0; i < frame.length; i++) {
        frame[i] += (float) (0.05 * rnd.nextGaussian());
      }
      int first = (f * 3) % n;
      for (int k = 0; k < movingPositions; k++) {
        fill(rnd, frame, ((first + k) % n) * d, d);
      }
      float[] a = new float[n];
      for (int p = 0; p < n; p++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += frame[p * d + j] * frame[p * d + j];
        }
        a[p] = (float) Math.sqrt(s);
      }
      frames.add(frame);
      saliency.add(a);
    }
  }

  private static void fill(SplittableRandom rnd, float[] x, int from, int len) {
    for (int i = from; i < from + len; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
  }
}
