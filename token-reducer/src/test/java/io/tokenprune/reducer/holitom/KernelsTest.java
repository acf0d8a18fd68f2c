package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelsTest {
  @Test
  void theTestsRunWithTheVectorModuleSoBothKernelsAreTested() {
    // The root pom's surefire argLine adds the module; without it every "both kernels" test would
    // quietly test the scalar path alone.
    assertThat(Kernels.vectorModulePresent())
        .as("run the tests with --add-modules jdk.incubator.vector")
        .isTrue();
    assertThat(Kernels.DEFAULT).isEqualTo(Kernels.SIMD);
    assertThat(Kernels.available()).containsExactly(Kernels.SCALAR, Kernels.SIMD);
  }

  @Test
  void withoutTheModuleEverythingLoadsAndTheScalarKernelsRunUnchanged() throws Exception {
    String expected =
        "SCALAR "
            + WithoutVectorModule.digest(
                HoliTom.reduce(
                    WithoutVectorModule.clip(),
                    WithoutVectorModule.saliency(),
                    WithoutVectorModule.N,
                    WithoutVectorModule.D,
                    WithoutVectorModule.P,
                    Kernels.SCALAR));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                WithoutVectorModule.class.getName())
            .redirectErrorStream(true);
    pb.environment().remove("JDK_JAVA_OPTIONS"); // could add the module behind our back
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("incubator").isEqualTo(expected);
  }

  /** The test JVM's real class path (surefire may hide it behind a manifest-only jar). */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, List.of(cp.split(File.pathSeparator)));
  }
}
