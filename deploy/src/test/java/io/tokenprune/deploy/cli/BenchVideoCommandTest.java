package io.tokenprune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenprune bench video}, in-process on short inputs with small tokens. */
class BenchVideoCommandTest {
  private static final Pattern ROW =
      Pattern.compile("\\| (\\d+)% \\| ([a-z-]+) \\| (\\d+) \\| (-?[0-9.]+) \\| (-?[0-9.]+) \\|");

  @TempDir Path dir;

  /** Checks one input's table: 3 budgets x 5 methods, equal kept counts per budget. */
  private static void assertTable(String section) {
    Matcher m = ROW.matcher(section);
    int rows = 0;
    String budget = null;
    long kept = -1;
    while (m.find()) {
      if (!m.group(1).equals(budget)) {
        budget = m.group(1);
        kept = Long.parseLong(m.group(3));
        assertThat(m.group(2)).isEqualTo("holitom");
      }
      assertThat(Long.parseLong(m.group(3))).as(m.group()).isEqualTo(kept).isPositive();
      double mean = Double.parseDouble(m.group(4));
      double p5 = Double.parseDouble(m.group(5));
      assertThat(mean).isBetween(-1.0, 1.0);
      assertThat(p5).isBetween(-1.0, 1.0);
      rows++;
    }
    assertThat(rows).isEqualTo(15);
    assertThat(section).containsPattern("HoliTom realised vs target tokens: 10%: \\d+ / \\d+");
  }

  @Test
  void measuresThePatternVideoAndARealFileSampledAtTheRequestedRate() throws Exception {
    Path clip = dir.resolve("clip.mp4");
    writeClip(clip, 5, 30); // 6 s at 5 fps: 6 frames at 1 fps
    CliRun r =
        CliRun.of(
            "bench",
            "video",
            "--frames",
            "12",
            "--dim",
            "32",
            "--seed",
            "7",
            "--video",
            clip.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String[] inputs = r.out().split("\ninput: ");
    assertThat(inputs).hasSize(3); // leading blank, pattern, file
    assertThat(inputs[1]).startsWith("pattern:7 - 12 frames, 196 tokens x 32 dims each (2352");
    assertThat(inputs[2]).startsWith(clip + " - 6 frames, 196 tokens x 32 dims each (1176");
    assertTable(inputs[1]);
    assertTable(inputs[2]);
    assertThat(inputs[1]).contains("| 10% | uniform-frames |", "| 25% | tome-bipartite |");
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    CliRun missing =
        CliRun.of("bench", "video", "--frames", "2", "--video", dir.resolve("no.mp4").toString());
    assertThat(missing.exit()).isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(missing.err()).startsWith("tokenprune: ").hasLineCount(1);
    for (List<String> flags :
        List.of(List.of("--frames", "0"), List.of("--dim", "0"), List.of("--fps", "0"))) {
      String[] args = new String[2 + flags.size()];
      args[0] = "bench";
      args[1] = "video";
      for (int i = 0; i < flags.size(); i++) {
        args[2 + i] = flags.get(i);
      }
      CliRun r = CliRun.of(args);
      assertThat(r.exit()).as(flags.toString()).isEqualTo(TokenPrune.EXIT_BAD_INPUT);
      assertThat(r.err()).as(flags.toString()).startsWith("tokenprune: ").hasLineCount(1);
    }
  }

  /** A grey clip with a white square moving across, MPEG-4 in mp4, 64x64. */
  private static void writeClip(Path file, double rate, int count) throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 64);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(rate);
      recorder.start();
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
      for (int i = 0; i < count; i++) {
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(60, 70, 80));
        g.fillRect(0, 0, 64, 64);
        g.setColor(Color.WHITE);
        g.fillRect(i * 48 / count, 24, 16, 16);
        g.dispose();
        recorder.record(converter.convert(image));
      }
    }
  }
}
