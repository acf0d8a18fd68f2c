package io.tokenprune.ingest.video;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated surveillance-style video, {@code pattern:<seed>} on the command line, so demos and
 * benchmarks need no media file: a fixed street camera (large static background) with a few cars
 * and pedestrians moving, and 2 or 3 hard scene cuts where the layout and the whole palette change
 * (consecutive scene hues differ by at least 90 degrees). Scenes last at least {@code max(6,
 * frames/8)} frames; shorter patterns get fewer cuts, none below 12 frames.
 *
 * <p>Frames come at exactly the sampling rate (frame i at {@code round(i * 1e6 / fps)} us), so the
 * sampler keeps every one. The same seed, size and frame count always give the same pixels and the
 * same cuts.
 */
public final class TestPattern implements FrameSource {
  /** The source prefix: {@code pattern:42}. */
  public static final String SCHEME = "pattern:";

  private static final int MIN_SCENE_FRAMES = 6;

  private final long seed;
  private final int frames;
  private final double fps;
  private final int width;
  private final int height;
  private final List<Integer> cuts; // first frame of each scene after the first, ascending
  private final PatternScene[] scenes; // built on first use
  private final double[] hues;
  private final double[] lights;
  private final BufferedImage image;
  private int index = -1;

  public TestPattern(long seed, int frames, double fps, int width, int height) {
    if (frames < 1) {
      throw new IllegalArgumentException("frames must be >= 1, got " + frames);
    }
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("fps must be positive and finite, got " + fps);
    }
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException(
          "pattern size must be at least 16x16, got " + width + "x" + height);
    }
    this.seed = seed;
    this.frames = frames;
    this.fps = fps;
    this.width = width;
    this.height = height;
    SplittableRandom rnd = new SplittableRandom(seed);
    this.cuts = chooseCuts(rnd, frames);
    int sceneCount = cuts.size() + 1;
    this.scenes = new PatternScene[sceneCount];
    this.hues = new double[sceneCount];
    this.lights = new double[sceneCount];
    hues[0] = rnd.nextDouble();
    lights[0] = 0.6 + 0.4 * rnd.nextDouble();
    for (int s = 1; s < sceneCount; s++) {
      hues[s] = (hues[s - 1] + 0.25 + 0.5 * rnd.nextDouble()) % 1.0;
      lights[s] = 0.6 + 0.4 * rnd.nextDouble();
    }
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
  }

  /**
   * Cut positions: {@code count} cuts with every scene at least minScene frames long. The slack
   * beyond the minimum lengths is spread by {@code count} sorted uniform draws (stars and bars).
   */
  static List<Integer> chooseCuts(SplittableRandom rnd, int frames) {
    int minScene = Math.max(MIN_SCENE_FRAMES, frames / 8);
    int wanted = 2 + rnd.nextInt(2);
    int count = Math.min(wanted, frames / minScene - 1);
    if (count <= 0) {
      return List.of();
    }
    int slack = frames - (count + 1) * minScene;
    int[] offsets = new int[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = rnd.nextInt(slack + 1);
    }
    Arrays.sort(offsets);
    List<Integer> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      result.add((i + 1) * minScene + offsets[i]);
    }
    return List.copyOf(result);
  }

  /** Frame indices where a new scene starts (hard cuts), ascending; frame 0 is not listed. */
  public List<Integer> cuts() {
    return cuts;
  }

  /** How many frames this pattern has. */
  public int frames() {
    return frames;
  }

  /** Renders frame {@code i} (0 <= i < frames) into a new image, independent of the cursor. */
  public BufferedImage render(int i) {
    if (i < 0 || i >= frames) {
      throw new IndexOutOfBoundsException("frame " + i + " outside [0, " + frames + ")");
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    renderInto(i, out);
    return out;
  }

  private void renderInto(int i, BufferedImage out) {
    int scene = 0;
    while (scene < cuts.size() && cuts.get(scene) <= i) {
      scene++;
    }
    int start = scene == 0 ? 0 : cuts.get(scene - 1);
    if (scenes[scene] == null) {
      SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (scene + 1)));
      scenes[scene] = new PatternScene(rnd, width, height, hues[scene], lights[scene]);
    }
    scenes[scene].render(i - start, out);
  }

  @Override
  public boolean advance() {
    if (index + 1 >= frames) {
      index = frames;
      return false;
    }
    index++;
    return true;
  }

  @Override
  public long timestampMicros() {
    requireCurrent();
    return Math.round(index * 1_000_000.0 / fps);
  }

  @Override
  public BufferedImage image() {
    requireCurrent();
    renderInto(index, image);
    return image;
  }

  private void requireCurrent() {
    if (index < 0 || index >= frames) {
      throw new IllegalStateException("no current frame: call advance() first, and check it");
    }
  }

  @Override
  public long skippedFrames() {
    return 0;
  }

  @Override
  public String name() {
    return SCHEME + seed;
  }

  @Override
  public void close() {}
}
