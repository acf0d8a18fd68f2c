package io.tokenprune.reducer.holitom;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Where a window's time goes, stage by stage, on the {@link HoliTomWindowBenchmark} scenes, with
 * the scalar and the SIMD kernels side by side (SIMD only when the JVM has jdk.incubator.vector).
 * Reports the best of 200 runs in thread CPU time, which a busy shared machine inflates much less
 * than the wall-clock time JMH reports.
 *
 * <pre>
 * ./mvnw -B -q -pl token-reducer -Pjmh test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test "-Dexec.args=--add-modules jdk.incubator.vector \
 *   -cp %classpath io.tokenprune.reducer.holitom.HoliTomStageTimes"
 * </pre>
 */
public final class HoliTomStageTimes {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final String[] STAGES = {
    "similarity",
    "segmenter",
    "static means",
    "dpc distances",
    "dpc rest",
    "merge",
    "whole window",
    "dpc distances before (difference form)"
  };

  private HoliTomStageTimes() {}

  public static void main(String[] args) {
    System.out.println("default kernels: " + Kernels.DEFAULT + " (" + Kernels.available() + ")");
    for (String scene : List.of("camera", "still", "noise")) {
      HoliTomWindowBenchmark bench = new HoliTomWindowBenchmark();
      bench.scene = scene;
      bench.setUp();
      for (Kernels kernels : Kernels.available()) {
        long[] best = new long[STAGES.length];
        Arrays.fill(best, Long.MAX_VALUE);
        for (int rep = 0; rep < 200; rep++) {
          long[] t = stages(bench.frames, bench.saliency, bench.params, kernels);
          for (int i = 0; i < t.length; i++) {
            best[i] = Math.min(best[i], t[i]);
          }
        }
        StringBuilder line = new StringBuilder(scene + " " + kernels + ":");
        for (int i = 0; i < STAGES.length; i++) {
          line.append(String.format(" %s %.2f ms;", STAGES[i], best[i] / 1e6));
        }
        System.out.println(line);
      }
    }
  }

  private static long[] stages(
      List<float[]> frames, List<float[]> saliency, HoliTomParams p, Kernels kernels) {
    int n = HoliTomWindowBenchmark.N;
    int d = HoliTomWindowBenchmark.D;
    long[] t = new long[STAGES.length];
    long t0 = CPU.getCurrentThreadCpuTime();
    float[] sim = Similarity.consecutive(frames, 0, frames.size() - 1, n, d, kernels);
    long t1 = CPU.getCurrentThreadCpuTime();
    Segmentation seg = TemporalSegmenter.segment(sim, frames.size(), n, p.tau(), p.maxWindow());
    double rPrime = Budget.retainRatio(p.retainRatio(), frames.size(), n, seg.total());
    t[0] = t1 - t0;
    t[1] = CPU.getCurrentThreadCpuTime() - t1;
    for (Segment s : seg.segments()) {
      if (s.length() == 1) {
        continue;
      }
      long u0 = CPU.getCurrentThreadCpuTime();
      StaticDynamicSplit split = StaticDynamicSplit.of(frames, s, n, d, sim, s.start(), p.tau());
      long u1 = CPU.getCurrentThreadCpuTime();
      t[2] += u1 - u0;
      int[] rows = split.staticPositions();
      int c = Budget.clusterCount(rows.length, rPrime);
      if (c == 0) {
        continue;
      }
      DensityPeakClustering.squaredDistances(split.means(), rows, d, kernels);
      long u2 = CPU.getCurrentThreadCpuTime();
      DensityPeakClustering.Clusters clusters =
          DensityPeakClustering.cluster(split.means(), rows, d, c, Math.min(p.knn(), c), kernels);
      long u3 = CPU.getCurrentThreadCpuTime();
      DensityPeakClustering.merge(split.means(), rows, d, clusters, p.beta(), kernels);
      long u4 = CPU.getCurrentThreadCpuTime();
      t[3] += u2 - u1;
      t[4] += Math.max(0, (u3 - u2) - (u2 - u1)); // cluster() computes the distances again
      t[5] += u4 - u3;
      DifferenceDistances.squaredDistances(split.means(), rows, d);
      t[7] += CPU.getCurrentThreadCpuTime() - u4;
    }
    long w0 = CPU.getCurrentThreadCpuTime();
    HoliTom.reduce(frames, saliency, n, d, p, kernels);
    t[6] = CPU.getCurrentThreadCpuTime() - w0;
    return t;
  }
}
