package io.tokenprune.inference.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenMergeTest {
  // four 2-d tokens: t0 ~ t2 point along x, t1 ~ t3 along y
  private static final float[] TOKENS = {1, 0, 0, 1, 1, 0.1f, 0.2f, 1};
  private static final float[] ATTENTION = {0.1f, 0.5f, 0.3f, 0.05f};

  @Test
  void aSmallMergeCheckedByHand() {
    TokenMerge.Result r = TokenMerge.merge(TOKENS, null, 4, 2, ATTENTION, 0.5);
    // keep round(4 * 0.5) = 2: the two most attended, t1 and t2, in index order
    assertThat(r.kept()).containsExactly(1, 2);
    // t0 (1,0) is closest to t2 (cos 0.995 vs 0); t3 (0.2,1) to t1 (cos 0.981 vs 0.293)
    // t1' = mean(t1, t3) = (0.1, 1.0); t2' = mean(t2, t0) = (1.0, 0.05)
    assertThat(r.tokens()).containsExactly(new float[] {0.1f, 1.0f, 1.0f, 0.05f}, within(1e-7f));
    assertThat(r.sizes()).containsExactly(2f, 2f);
  }

  @Test
  void sizesWeightTheMean() {
    float[] sizes = {2, 1, 1, 3};
    TokenMerge.Result r = TokenMerge.merge(TOKENS, sizes, 4, 2, ATTENTION, 0.5);
    // t1' = (1*(0,1) + 3*(0.2,1)) / 4 = (0.15, 1); t2' = (1*(1,0.1) + 2*(1,0)) / 3 = (1, 0.0333)
    assertThat(r.tokens()).containsExactly(new float[] {0.15f, 1f, 1f, 0.1f / 3}, within(1e-7f));
    assertThat(r.sizes()).containsExactly(4f, 3f);
  }

  @Test
  void keepCountRoundsHalvesToEvenAndKeepsAtLeastOne() {
    assertThat(TokenMerge.keepCount(10, 0.5)).isEqualTo(5);
    assertThat(TokenMerge.keepCount(10, 0.0)).isEqualTo(10);
    assertThat(TokenMerge.keepCount(5, 0.5)).isEqualTo(2);
    assertThat(TokenMerge.keepCount(7, 0.5)).isEqualTo(4);
    assertThat(TokenMerge.keepCount(10, 0.99)).isEqualTo(1);
    assertThatThrownBy(() -> TokenMerge.keepCount(10, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.0");
  }

  @Test
  void ratioZeroKeepsEveryTokenUnchanged() {
    TokenMerge.Result r = TokenMerge.merge(TOKENS, null, 4, 2, ATTENTION, 0.0);
    assertThat(r.kept()).containsExactly(0, 1, 2, 3);
    assertThat(r.tokens()).containsExactly(TOKENS);
  }

  @Test
  void tiesPreferLowerIndicesAndZeroVectorsJoinTheFirstKeptToken() {
    assertThat(TokenMerge.topIndices(new float[] {1, 1, 1}, 2)).containsExactly(0, 1);
    float[] tokens = {0, 0, 1, 0, 0, 1};
    int[] assignment = TokenMerge.assign(tokens, 2, new int[] {1, 2}, new int[] {0});
    assertThat(assignment).containsExactly(0);
    assertThat(TokenMerge.complement(5, new int[] {1, 3})).containsExactly(0, 2, 4);
  }
}
