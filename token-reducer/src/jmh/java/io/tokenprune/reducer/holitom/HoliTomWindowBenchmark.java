package io.tokenprune.reducer.holitom;

import io.tokenprune.inference.vision.EncodedFrame;
import io.tokenprune.inference.vision.PatchEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 32-frame window of 196 tokens x 1152 dims (F32) through HoliTom on one thread: {@code window}
 * is plan + compress of every segment, {@code plan} the similarity and segmentation alone, both
 * with the default kernels (SIMD: the fork adds jdk.incubator.vector), and {@code windowScalar} the
 * window with the scalar kernels. Target: at most 10 ms per window. {@code dpcDistances} is the
 * DPC-kNN squared-distance kernel on the static means of the scene's first multi-frame segment,
 * {@code dpcDistancesScalar} its scalar Gram form and {@code dpcDistancesBaseline} the
 * difference-form kernel that one replaced ({@link DifferenceDistances}), side by side in one run.
 *
 * <p>Scenes: {@code camera} is a synthetic video (textured background, a 40x40 px square moving 7
 * px a frame, pixel noise, a scene cut at frame 20) encoded by {@link PatchEncoder} at 1152 dims;
 * {@code still} is one frame repeated (one segment, every position static: the largest DPC-kNN);
 * {@code noise} is independent Gaussian frames (single-frame segments, no merge).
 *
 * <pre>
 * ./mvnw -B -q -pl token-reducer -Pjmh test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test "-Dexec.args=--add-modules jdk.incubator.vector \
 *   -cp %classpath org.openjdk.jmh.Main HoliTomWindowBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class HoliTomWindowBenchmark {
  static final int FRAMES = 32;
  static final int GRID = 14;
  static final int N = GRID * GRID;
  static final int D = 1152;
  static final int SIDE = 224;

  @Param({"camera", "still", "noise"})
  public String scene;

  List<float[]> frames;
  List<float[]> saliency;
  final HoliTomParams params = HoliTomParams.defaults();
  float[] means; // [N, D]: static means of the first multi-frame segment
  int[] statics = new int[0]; // its static positions; empty when every segment is one frame

  @Setup
  public void setUp() {
    frames = new ArrayList<>();
    saliency = new ArrayList<>();
    PatchEncoder encoder = new PatchEncoder(GRID, D, 7);
    SplittableRandom rnd = new SplittableRandom(1);
    switch (scene) {
      case "camera" -> {
        for (int t = 0; t < FRAMES; t++) {
          add(encoder.encode(cameraFrame(t, rnd), SIDE, SIDE));
        }
      }
      case "still" -> {
        EncodedFrame still = encoder.encode(cameraFrame(0, rnd), SIDE, SIDE);
        for (int t = 0; t < FRAMES; t++) {
          add(still);
        }
      }
      case "noise" -> {
        for (int t = 0; t < FRAMES; t++) {
          float[] x = new float[N * D];
          for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
          }
          float[] a = new float[N];
          for (int p = 0; p < N; p++) {
            a[p] = (float) rnd.nextDouble();
          }
          frames.add(x);
          saliency.add(a);
        }
      }
      default -> throw new IllegalArgumentException("unknown scene " + scene);
    }
    WindowPlan plan = HoliTom.plan(frames, N, D, params);
    for (Segment s : plan.segments()) {
      if (s.length() > 1) {
        StaticDynamicSplit split =
            StaticDynamicSplit.of(frames, s, N, D, plan.similarity(), s.start(), params.tau());
        means = split.means();
        statics = split.staticPositions();
        break;
      }
    }
  }

  private void add(EncodedFrame f) {
    frames.add(f.tokens());
    saliency.add(f.saliency());
  }

  /** RGB24: 8 px blocks of random colour (a new texture from frame 20), a moving square, noise. */
  private static byte[] cameraFrame(int t, SplittableRandom noise) {
    SplittableRandom texture = new SplittableRandom(t < 20 ? 100 : 200);
    int blocks = SIDE / 8;
    int[] colour = new int[blocks * blocks * 3];
    for (int i = 0; i < colour.length; i++) {
      colour[i] = texture.nextInt(256);
    }
    byte[] rgb = new byte[SIDE * SIDE * 3];
    int ox = (7 * t) % (SIDE - 40);
    int oy = (5 * t) % (SIDE - 40);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        boolean object = x >= ox && x < ox + 40 && y >= oy && y < oy + 40;
        for (int c = 0; c < 3; c++) {
          int v = object ? (c == 0 ? 250 : 20) : colour[((y / 8) * blocks + x / 8) * 3 + c];
          v += noise.nextInt(9) - 4;
          rgb[(y * SIDE + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return rgb;
  }

  @Benchmark
  public List<CompressedSegment> window() {
    return HoliTom.reduce(frames, saliency, N, D, params);
  }

  @Benchmark
  public List<CompressedSegment> windowScalar() {
    return HoliTom.reduce(frames, saliency, N, D, params, Kernels.SCALAR);
  }

  @Benchmark
  public WindowPlan plan() {
    return HoliTom.plan(frames, N, D, params);
  }

  @Benchmark
  public float[][] dpcDistances() {
    return DensityPeakClustering.squaredDistances(means, statics, D);
  }

  @Benchmark
  public float[][] dpcDistancesScalar() {
    return DensityPeakClustering.squaredDistances(means, statics, D, Kernels.SCALAR);
  }

  @Benchmark
  public float[][] dpcDistancesBaseline() {
    return DifferenceDistances.squaredDistances(means, statics, D);
  }
}
