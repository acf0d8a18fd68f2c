package io.tokenprune.reducer.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  /** T frames of N tokens, D=2, token (frame, patch): every token is identifiable. */
  private static List<float[]> tagged(int t, int n) {
    List<float[]> frames = new ArrayList<>();
    for (int f = 0; f < t; f++) {
      float[] x = new float[n * 2];
      for (int p = 0; p < n; p++) {
        x[2 * p] = f;
        x[2 * p + 1] = p;
      }
      frames.add(x);
    }
    return frames;
  }

  private static List<String> tags(float[] kept) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < kept.length; i += 2) {
      out.add((int) kept[i] + ":" + (int) kept[i + 1]);
    }
    return out;
  }

  @Test
  void frameQuotasAreEvenAndSpreadTheRemainder() {
    assertThat(FrameQuota.split(10, 4, 5)).containsExactly(2, 3, 2, 3); // extras at 1 and 3
    assertThat(FrameQuota.split(7, 7, 3)).containsExactly(1, 1, 1, 1, 1, 1, 1);
    assertThat(FrameQuota.split(0, 3, 3)).containsExactly(0, 0, 0);
    assertThatThrownBy(() -> FrameQuota.split(10, 3, 3)).hasMessageContaining("got 10");
  }

  @Test
  void uniformFramesKeepWholeEvenlySpacedFrames() {
    // 9 of 10 frames x 3: three frames at floor((i + 0.5) * 10 / 3) = 1, 5, 8.
    assertThat(tags(UniformFrameSampling.select(tagged(10, 3), 3, 2, 9)))
        .containsExactly("1:0", "1:1", "1:2", "5:0", "5:1", "5:2", "8:0", "8:1", "8:2");
    // 7 tokens: the third frame keeps one patch, the middle one.
    assertThat(tags(UniformFrameSampling.select(tagged(10, 3), 3, 2, 7)))
        .containsExactly("1:0", "1:1", "1:2", "5:0", "5:1", "5:2", "8:1");
  }

  @Test
  void randomDropKeepsExactlyTheBudgetOfDistinctTokensReproducibly() {
    List<float[]> frames = tagged(6, 5);
    List<String> a = tags(RandomTokenDrop.select(frames, 5, 2, 11, 1));
    assertThat(a).hasSize(11).doesNotHaveDuplicates();
    assertThat(a).isEqualTo(tags(RandomTokenDrop.select(frames, 5, 2, 11, 1)));
    assertThat(a).isNotEqualTo(tags(RandomTokenDrop.select(frames, 5, 2, 11, 2)));
    assertThat(tags(RandomTokenDrop.select(frames, 5, 2, 30, 1))).hasSize(30);
  }

  @Test
  void saliencyTopKKeepsEachFramesMostSalientTokens() {
    List<float[]> frames = tagged(2, 4);
    List<float[]> saliency =
        List.of(new float[] {0.1f, 0.9f, 0.5f, 0.9f}, new float[] {4, 3, 2, 1});
    // 5 tokens over 2 frames: 2 each, and the extra goes to frame floor(0.5 * 2 / 1) = 1.
    assertThat(FrameQuota.split(5, 2, 4)).containsExactly(2, 3);
    assertThat(tags(FrameSaliencyTopK.select(frames, saliency, 4, 2, 5)))
        .containsExactly("0:1", "0:3", "1:0", "1:1", "1:2");
  }

  @Test
  void bipartiteMergeAveragesMostSimilarPairs() {
    // Slots: A = {0, 2}, B = {1, 3}; 0 is nearest 1 and 2 nearest 3.
    float[] frame = {1, 0, 1, 0.1f, 0, 1, 0.1f, 1};
    float[] two = BipartiteMerge.reduceFrame(frame, 4, 2, 2);
    assertThat(two[0]).isCloseTo(1f, within(1e-6f));
    assertThat(two[1]).isCloseTo(0.05f, within(1e-6f));
    assertThat(two[2]).isCloseTo(0.05f, within(1e-6f));
    assertThat(two[3]).isCloseTo(1f, within(1e-6f));
    // Down to one token: the second round merges two tokens of size 2: the mean of all four.
    float[] one = BipartiteMerge.reduceFrame(frame, 4, 2, 1);
    assertThat(one[0]).isCloseTo(0.525f, within(1e-6f));
    assertThat(one[1]).isCloseTo(0.525f, within(1e-6f));
  }

  @Test
  void bipartiteMergeMergesOnlyTheBestLinkedTokensOfARound() {
    // A = {0, 2}, B = {1, 3}; slot 0 is parallel to slot 1, slot 2 is far from both Bs.
    float[] frame = {1, 0, 2, 0, 0, 1, 1, -1};
    float[] three = BipartiteMerge.reduceFrame(frame, 4, 2, 3);
    // Slot 0 merges into slot 1 (mean (1.5, 0)); slots 2 and 3 stay, in order.
    assertThat(three).containsExactly(1.5f, 0, 0, 1, 1, -1);
  }

  @Test
  void bipartiteMergeHitsEachFramesQuotaExactly() {
    List<float[]> frames = tagged(3, 9);
    float[] kept = BipartiteMerge.select(frames, 9, 2, 7);
    assertThat(kept).hasSize(7 * 2);
    // Every merged token stays in its frame: a mean of tokens tagged with the same frame.
    Set<Float> framesSeen = new HashSet<>();
    for (int i = 0; i < kept.length; i += 2) {
      framesSeen.add(kept[i]);
    }
    assertThat(framesSeen).containsExactlyInAnyOrder(0f, 1f, 2f);
    assertThat(BipartiteMerge.reduceFrame(frames.get(0), 9, 2, 0)).isEmpty();
    assertThat(BipartiteMerge.reduceFrame(frames.get(0), 9, 2, 9)).isEqualTo(frames.get(0));
  }
}
