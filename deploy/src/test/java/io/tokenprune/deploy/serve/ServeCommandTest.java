package io.tokenprune.deploy.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.deploy.cli.CliRun;
import io.tokenprune.deploy.cli.TokenPrune;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenprune serve} as a user runs it: flags, its one line, and SIGTERM. */
class ServeCommandTest {
  private static final Pattern LISTENING =
      Pattern.compile("gateway listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path dir;

  @Test
  void badFlagsExit2WithTheReason() {
    CliRun port = CliRun.of("serve", "--port", "70000", "--model", dir.toString());
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.err()).contains("port must be in [0, 65535], got 70000");

    CliRun model = CliRun.of("serve", "--model", dir.resolve("nope").toString());
    assertThat(model.exit()).isEqualTo(2);
    assertThat(model.err()).contains("has no config.json");

    CliRun upstream = CliRun.of("serve", "--upstream", "http://localhost:8000/v1");
    assertThat(upstream.exit()).isEqualTo(2);
    assertThat(upstream.err()).contains("--upstream needs --upstream-model");

    assertThat(CliRun.of("serve", "--help").out())
        .contains("--bootstrap")
        .contains("--model")
        .contains("--upstream");
  }

  @Test
  void printsOneLineServesAndStopsCleanlyOnSigterm() throws Exception {
    Path model = ServeRunTest.tinyModel(dir);
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-cp",
            System.getProperty("java.class.path"),
            TokenPrune.class.getName(),
            "serve",
            "--port",
            "0",
            "--model",
            model.toString());
    Path errLog = dir.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errLog.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine(); // blocks until the gateway listens (or the process dies)
      assertThat(line).as(Files.readString(errLog)).isNotNull();
      Matcher m = LISTENING.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      assertThat(Files.readString(errLog)).contains("embedded Kafka broker at ");

      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(m.group(1) + "/healthz")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

      p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stdout)
      assertThat(out.readLine()).as("stdout holds one line").isNull(); // read to the end
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as("the JVM's exit on SIGTERM, 128 + 15").isEqualTo(143);
    assertThat(Files.readString(errLog)).contains("tokenprune serve: stopped");
  }
}
