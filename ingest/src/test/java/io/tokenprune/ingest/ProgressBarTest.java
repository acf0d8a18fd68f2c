package io.tokenprune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void drawsFramesRateAndMegabytesInPlace() {
    ProgressBar bar = new ProgressBar(out, clock::get, "cam-1", "frames", "fps");
    clock.addAndGet(2_000_000_000L);
    bar.update(4, 2_500_000);
    assertThat(printed()).isEqualTo("\rcam-1 4 frames | 2.0 fps | 2.50 MB");
  }

  @Test
  void redrawsAtMostEvery200Milliseconds() {
    ProgressBar bar = new ProgressBar(out, clock::get, "s", "frames", "fps");
    clock.addAndGet(1_000_000_000L);
    bar.update(1, 10);
    clock.addAndGet(100_000_000L);
    bar.update(2, 20); // too soon
    clock.addAndGet(100_000_000L);
    bar.update(3, 30);
    assertThat(printed().split("\r", -1)).hasSize(3); // "", first draw, third update
    assertThat(printed()).doesNotContain(" 2 frames");
  }

  @Test
  void finishPadsOverALongerLineAndEndsIt() {
    ProgressBar bar = new ProgressBar(out, clock::get, "s", "chunks", "chunks/s");
    clock.addAndGet(1_000_000_000L);
    bar.update(1000, 123_456_789);
    String first = printed().substring(1);
    bar.finish(1, 1);
    String last = printed().substring(first.length() + 2);
    assertThat(last).endsWith("\n").startsWith("s 1 chunks | ");
    assertThat(last.length() - 1).isEqualTo(first.length());
  }

  @Test
  void silentAndTerminalLessBarsPrintNothing() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      ProgressBar silent = ProgressBar.silent();
      silent.update(1, 1);
      silent.finish(1, 1);
      // Surefire runs tests without a console, so this one stays silent too.
      ProgressBar terminal = ProgressBar.onTerminal("s", "frames", "fps");
      terminal.update(1, 1);
      terminal.finish(1, 1);
    } finally {
      System.setErr(saved);
    }
    assertThat(System.console()).isNull();
    assertThat(err.size()).isZero();
  }
}
