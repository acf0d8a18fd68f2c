package io.tokenprune.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A reducer running as its own JVM ({@code tokenprune reducer}), so that a test can kill it the
 * hard way: SIGKILL, no shutdown hook, no flush, no commit, exactly as a crashed host would.
 */
final class ReducerProcess implements AutoCloseable {
  private final Process process;

  private ReducerProcess(Process process) {
    this.process = process;
  }

  static ReducerProcess start(
      String bootstrap, String applicationId, String topicPrefix, Path stateDir, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("--add-modules=jdk.incubator.vector"); // HoliTom's SIMD kernels, as the launcher does
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add("io.tokenprune.deploy.cli.TokenPrune");
    cmd.addAll(
        List.of(
            "reducer",
            "--bootstrap",
            bootstrap,
            "--application-id",
            applicationId,
            "--topic-prefix",
            topicPrefix,
            "--state-dir",
            stateDir.toString(),
            // a killed member must leave the group quickly for the test to be quick
            "--config",
            "session.timeout.ms=6000",
            "--config",
            "heartbeat.interval.ms=1000"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new ReducerProcess(p);
  }

  /** Waits until the process has printed {@code line} to its log, or fails. */
  void awaitOutput(String line, Path log, java.time.Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!java.nio.file.Files.readString(log).contains(line)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "reducer did not print '" + line + "': " + java.nio.file.Files.readString(log));
      }
      Thread.sleep(100); // polling a log file; there is nothing to wait on
    }
  }

  /** SIGKILL: the JVM gets no chance to run hooks, flush producers or commit. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: a clean stop
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The test JVM's real class path (failsafe may hide it behind a manifest-only jar). */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, cp.split(File.pathSeparator));
  }
}
