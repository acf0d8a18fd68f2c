package io.tokenprune.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.ingest.IngestException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestPatternTest {
  private static final int SIZE = 384;
  private static final int BLOCK = 16; // comparison cell, a bit finer than a 27 px ViT patch

  private static byte[] pixels(BufferedImage image) {
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
  }

  /** Fraction of BLOCK x BLOCK cells whose pixels are identical in a and b. */
  private static double unchangedBlocks(BufferedImage a, BufferedImage b) {
    byte[] pa = pixels(a);
    byte[] pb = pixels(b);
    int blocks = 0;
    int same = 0;
    for (int by = 0; by < SIZE; by += BLOCK) {
      for (int bx = 0; bx < SIZE; bx += BLOCK) {
        boolean equal = true;
        for (int y = by; y < by + BLOCK && equal; y++) {
          int row = (y * SIZE + bx) * 3;
          for (int i = row; i < row + BLOCK * 3; i++) {
            if (pa[i] != pb[i]) {
              equal = false;
              break;
            }
          }
        }
        blocks++;
        same += equal ? 1 : 0;
      }
    }
    return (double) same / blocks;
  }

  /** Mean absolute difference per channel value, in [0, 255]. */
  private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    byte[] pa = pixels(a);
    byte[] pb = pixels(b);
    long sum = 0;
    for (int i = 0; i < pa.length; i++) {
      sum += Math.abs((pa[i] & 0xff) - (pb[i] & 0xff));
    }
    return (double) sum / pa.length;
  }

  @Test
  void sameSeedSamePixelsOtherSeedOtherPixels() {
    TestPattern a = new TestPattern(42, 96, 1, SIZE, SIZE);
    TestPattern b = new TestPattern(42, 96, 1, SIZE, SIZE);
    TestPattern c = new TestPattern(43, 96, 1, SIZE, SIZE);
    assertThat(a.cuts()).isEqualTo(b.cuts());
    for (int i : new int[] {0, 17, 95}) {
      assertThat(pixels(a.render(i))).isEqualTo(pixels(b.render(i)));
    }
    assertThat(meanAbsDiff(a.render(0), c.render(0))).isGreaterThan(10);
  }

  @Test
  void twoOrThreeCutsAtSeededPositionsWithScenesOfAtLeastTwelveFrames() {
    boolean sawTwo = false;
    boolean sawThree = false;
    for (long seed = 0; seed < 40; seed++) {
      List<Integer> cuts = new TestPattern(seed, 96, 1, SIZE, SIZE).cuts();
      assertThat(cuts).hasSizeBetween(2, 3).isSorted();
      int previous = 0;
      for (int cut : cuts) {
        assertThat(cut - previous).as("scene length, seed %d", seed).isGreaterThanOrEqualTo(12);
        previous = cut;
      }
      assertThat(96 - previous).isGreaterThanOrEqualTo(12);
      sawTwo |= cuts.size() == 2;
      sawThree |= cuts.size() == 3;
    }
    assertThat(sawTwo && sawThree).as("both cut counts occur").isTrue();
  }

  @Test
  void shortPatternsGetFewerCuts() {
    assertThat(new TestPattern(1, 11, 1, 64, 64).cuts()).isEmpty();
    assertThat(new TestPattern(1, 12, 1, 64, 64).cuts()).hasSize(1);
    for (int frames = 1; frames < 200; frames++) {
      List<Integer> cuts = TestPattern.chooseCuts(new SplittableRandom(frames), frames);
      int minScene = Math.max(6, frames / 8);
      int previous = 0;
      for (int cut : cuts) {
        assertThat(cut - previous).isGreaterThanOrEqualTo(minScene);
        previous = cut;
      }
      assertThat(frames - previous).isGreaterThanOrEqualTo(cuts.isEmpty() ? 0 : minScene);
    }
  }

  @Test
  void mostlyStaticWithMotionWithinAScene() {
    TestPattern pattern = new TestPattern(7, 96, 1, SIZE, SIZE);
    List<Integer> cuts = pattern.cuts();
    BufferedImage previous = pattern.render(0);
    for (int i = 1; i < 96; i++) {
      BufferedImage current = pattern.render(i);
      if (!cuts.contains(i)) {
        double unchanged = unchangedBlocks(previous, current);
        assertThat(unchanged).as("unchanged blocks at frame %d", i).isBetween(0.75, 0.99);
      }
      previous = current;
    }
  }

  @Test
  void everyCutChangesTheWholePicture() {
    for (long seed = 0; seed < 5; seed++) {
      TestPattern pattern = new TestPattern(seed, 96, 1, SIZE, SIZE);
      for (int cut : pattern.cuts()) {
        BufferedImage before = pattern.render(cut - 1);
        BufferedImage after = pattern.render(cut);
        assertThat(unchangedBlocks(before, after)).as("seed %d cut %d", seed, cut).isZero();
        assertThat(meanAbsDiff(before, after)).as("seed %d cut %d", seed, cut).isGreaterThan(25);
      }
    }
  }

  @Test
  void cursorGivesEveryFrameAtTheSamplingRate() {
    TestPattern pattern = new TestPattern(3, 5, 2, 64, 48);
    for (int i = 0; i < 5; i++) {
      assertThat(pattern.advance()).isTrue();
      assertThat(pattern.timestampMicros()).isEqualTo(i * 500_000L);
      assertThat(pixels(pattern.image())).isEqualTo(pixels(pattern.render(i)));
    }
    assertThat(pattern.advance()).isFalse();
    assertThat(pattern.advance()).isFalse();
    assertThatThrownBy(pattern::image).isInstanceOf(IllegalStateException.class);
    assertThat(pattern.skippedFrames()).isZero();
  }

  @Test
  void openParsesThePatternSource() {
    VideoIngestConfig config = VideoIngestConfig.defaults("s").withPatternFrames(20);
    try (FrameSource source = FrameSource.open("pattern:-5", config)) {
      assertThat(source).isInstanceOf(TestPattern.class);
      assertThat(((TestPattern) source).frames()).isEqualTo(20);
      assertThat(source.name()).isEqualTo("pattern:-5");
    }
    assertThatThrownBy(() -> FrameSource.open("pattern:abc", config))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(IngestException.Reason.UNSUPPORTED);
              assertThat(e.getMessage()).contains("'abc'");
            });
  }

  @Test
  void helpersFoldIntoTheirRanges() {
    assertThat(PatternScene.wrap(-10, 0, 100)).isEqualTo(90);
    assertThat(PatternScene.wrap(250, 0, 100)).isEqualTo(50);
    assertThat(PatternScene.bounce(130, 0, 100)).isEqualTo(70);
    assertThat(PatternScene.bounce(-30, 0, 100)).isEqualTo(30);
    assertThat(PatternScene.bounce(5, 3, 3)).isEqualTo(3);
  }
}
