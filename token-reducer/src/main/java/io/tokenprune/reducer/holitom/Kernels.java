package io.tokenprune.reducer.holitom;

import java.util.List;

/**
 * Which implementation of the dense kernels (consecutive-frame cosines, static-mean sums, the DPC
 * Gram matrix) a computation runs: {@link #SCALAR} ({@link VectorOps} and the loops C2
 * auto-vectorises) or {@link #SIMD} ({@link SimdKernels}, the incubating Vector API). Both give the
 * same segmentations and clusters up to float rounding; within one choice every exactness property
 * (equal bits for duplicate tokens, {@link Similarity#between} equal to the window rows) holds.
 *
 * <p>The public entry points run {@link #DEFAULT}; package-private overloads take a choice so that
 * tests and benchmarks can run both in one JVM.
 */
enum Kernels {
  SCALAR,
  /** Only usable when {@link #DEFAULT} is SIMD: it links against jdk.incubator.vector. */
  SIMD;

  /**
   * SIMD when the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher,
   * the tests and the benchmarks are) and the CPU offers at least 4 float lanes; SCALAR otherwise.
   * Decided once, when this class initialises; {@link SimdKernels} is not loaded unless the module
   * is present, so nothing here fails without it.
   */
  static final Kernels DEFAULT = vectorModulePresent() && simdLanes() >= 4 ? SIMD : SCALAR;

  /** The choices this JVM can run: SCALAR always, SIMD when it is the default. */
  static List<Kernels> available() {
    return DEFAULT == SIMD ? List.of(SCALAR, SIMD) : List.of(SCALAR);
  }

  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** Float lanes of the preferred species; 0 if the Vector API cannot start. */
  private static int simdLanes() {
    try {
      return SimdKernels.lanes();
    } catch (LinkageError e) {
      return 0;
    }
  }
}
