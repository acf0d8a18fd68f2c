package io.tokenprune.reducer.gemfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectionTest {
  @Test
  void poolingMatchesTorchAvgPool1dWithZeroPadding() {
    // F.avg_pool1d(torch.tensor([[1,2,3,4,5,6.]]), 5, stride=1, padding=2) by hand
    double[] pooled = ScorePooling.average(new float[] {1, 2, 3, 4, 5, 6}, 5);
    assertThat(pooled).containsExactly(6 / 5.0, 10 / 5.0, 15 / 5.0, 20 / 5.0, 18 / 5.0, 15 / 5.0);
    assertThat(ScorePooling.average(new float[] {3, -1}, 1)).containsExactly(3, -1);
  }

  @Test
  void poolingRejectsEvenKernelsAndNonFiniteScores() {
    assertThatThrownBy(() -> ScorePooling.average(new float[] {1}, 4))
        .hasMessage("pool kernel must be odd and >= 1, got 4");
    assertThatThrownBy(() -> ScorePooling.average(new float[] {1, Float.NaN}, 5))
        .hasMessage("score at position 1 is NaN");
  }

  @Test
  void tokensKeepTheTopPooledPositionsInOrder() {
    float[] scores = {0, 0, 10, 0, 0, 0, 0, 0, 9, 9, 0};
    // kernel 1: the three raw maxima; kernel 3: 9,9 pool to 6 at 8 and 9, 10 pools to 3.33
    assertThat(TokenSelection.select(scores, 1, 3)).containsExactly(2, 8, 9);
    assertThat(TokenSelection.select(scores, 3, 2)).containsExactly(8, 9);
    assertThat(TokenSelection.select(scores, 5, 100)).hasSize(scores.length);
    assertThat(TokenSelection.select(scores, 1, 0)).isEmpty();
  }

  @Test
  void aRangeRestrictsTheCandidatesButNotThePooling() {
    float[] scores = {0, 0, 30, 0, 0, 0};
    // position 3 gets (30+0+0)/3 from its neighbour outside the range [3, 6)
    assertThat(TokenSelection.select(scores, 3, 1, 3, 6)).containsExactly(3);
    assertThatThrownBy(() -> TokenSelection.select(scores, 3, 1, 4, 7))
        .hasMessage("range [4, 7) is not inside [0, 6)");
  }

  @Test
  void tokensEqualTheNaiveScorerOnRandomInputs() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + rnd.nextInt(300);
      float[] scores = randomScores(rnd, n, trial % 2 == 0);
      int kernel = 1 + 2 * rnd.nextInt(5);
      int from = rnd.nextInt(n + 1);
      int to = from + rnd.nextInt(n - from + 1);
      int k = rnd.nextInt(n + 5);
      int[] fast = TokenSelection.select(scores, kernel, k, from, to);
      assertThat(fast)
          .as("trial %d", trial)
          .isEqualTo(NaiveGemFilter.tokens(scores, kernel, k, from, to))
          .hasSize(Math.min(k, to - from))
          .isSorted();
    }
  }

  @Test
  void sentencesAreKeptWholeAndGreedilyByPooledSum() {
    // kernel 1: sums are 3 (len 3), 10 (len 2), 6 (len 4)
    float[] scores = {1, 1, 1, 5, 5, 1, 1, 2, 2};
    Sentences s = Sentences.of(0, 3, 5, 9);
    assertThat(SentenceSelection.select(scores, 1, s, 6)).containsExactly(3, 4, 5, 6, 7, 8);
    // budget 5: [3,5) fits, [5,9) does not (3 left), [0,3) does
    assertThat(SentenceSelection.select(scores, 1, s, 5)).containsExactly(0, 1, 2, 3, 4);
    // budget 4: [3,5) fits (2 left), [5,9) does not, [0,3) does not
    assertThat(SentenceSelection.select(scores, 1, s, 4)).containsExactly(3, 4);
    assertThat(SentenceSelection.select(scores, 1, s, 9)).hasSize(9);
    assertThat(SentenceSelection.select(scores, 1, s, 0)).isEmpty();
  }

  @Test
  void aSentenceLongerThanTheBudgetIsCutIntoParts() {
    float[] scores = {0, 0, 0, 1, 9, 9, 1};
    int[] kept = SentenceSelection.select(scores, 1, Sentences.of(0, 7), 3);
    assertThat(kept).containsExactly(3, 4, 5);
  }

  @Test
  void sentencesEqualTheNaiveScorerOnRandomInputs() {
    SplittableRandom rnd = new SplittableRandom(12);
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + rnd.nextInt(200);
      float[] scores = randomScores(rnd, n, trial % 2 == 0);
      int kernel = 1 + 2 * rnd.nextInt(4);
      int from = rnd.nextInt(n);
      int[] bounds = randomBounds(rnd, from, n);
      int budget = rnd.nextInt(n + 3);
      int[] fast = SentenceSelection.select(scores, kernel, Sentences.of(bounds), budget);
      assertThat(fast)
          .as("trial %d, bounds %s, budget %d", trial, Arrays.toString(bounds), budget)
          .isEqualTo(NaiveGemFilter.sentences(scores, kernel, bounds, budget))
          .isSorted();
      assertThat(fast.length).isLessThanOrEqualTo(budget);
    }
  }

  /** Small integers (many exact ties) or Gaussians. */
  private static float[] randomScores(SplittableRandom rnd, int n, boolean ties) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = ties ? rnd.nextInt(-3, 4) : (float) (rnd.nextGaussian() * 50);
    }
    return s;
  }

  private static int[] randomBounds(SplittableRandom rnd, int from, int to) {
    int[] b = new int[to - from + 1];
    int count = 0;
    b[count++] = from;
    for (int p = from + 1; p < to; p++) {
      if (rnd.nextInt(6) == 0) {
        b[count++] = p;
      }
    }
    b[count++] = to;
    return Arrays.copyOf(b, count);
  }
}
