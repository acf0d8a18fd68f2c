package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The distance-dependent tests run once per {@link Kernels#available()} choice. */
class DensityPeakClusteringTest {
  static List<Kernels> kernels() {
    return Kernels.available();
  }

  private static void assertMatchesNaive(
      float[] x, int m, int d, int c, int k, double beta, Kernels kernels) {
    DensityPeakClustering.Clusters fast =
        DensityPeakClustering.cluster(x, DensityPeakClustering.identity(m), d, c, k, kernels);
    float[] merged =
        DensityPeakClustering.merge(x, DensityPeakClustering.identity(m), d, fast, beta, kernels);
    NaiveHoliTom.Dpc naive = NaiveHoliTom.dpc(x, m, d, c, k, beta);
    String ctx = kernels + " m=" + m + " d=" + d + " c=" + c + " k=" + k;
    assertThat(fast.centres()).as(ctx).isEqualTo(naive.centres());
    assertThat(fast.assignment()).as(ctx).isEqualTo(naive.assignment());
    for (int q = 0; q < c; q++) {
      for (int t = 0; t < d; t++) {
        assertThat((double) merged[q * d + t])
            .as(ctx)
            .isCloseTo(naive.merged()[q][t], within(1e-5));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void matchesTheNaiveReferenceOnRandomTokens(Kernels kernels) {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int trial = 0; trial < 300; trial++) {
      int m = 1 + rnd.nextInt(40);
      int d = 1 + rnd.nextInt(70);
      int c = 1 + rnd.nextInt(m);
      int k = 1 + rnd.nextInt(Math.min(7, c));
      assertMatchesNaive(TestClips.gaussian(rnd, m * d), m, d, c, k, rnd.nextDouble(), kernels);
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void matchesTheNaiveReferenceWhenTokensRepeat(Kernels kernels) {
    // Tokens drawn from a small pool: exact duplicates give exact density ties, which both
    // implementations must break by index.
    SplittableRandom rnd = new SplittableRandom(4);
    for (int trial = 0; trial < 100; trial++) {
      int m = 2 + rnd.nextInt(30);
      int d = 1 + rnd.nextInt(40);
      float[] pool = TestClips.gaussian(rnd, 4 * d);
      float[] x = new float[m * d];
      for (int i = 0; i < m; i++) {
        System.arraycopy(pool, rnd.nextInt(4) * d, x, i * d, d);
      }
      int c = 1 + rnd.nextInt(m);
      assertMatchesNaive(x, m, d, c, Math.min(7, c), 0.6, kernels);
    }
  }

  @Test
  void theDefaultMergeHasExactlyTheScalarBits() {
    // Under the build's argLine the default is SIMD (KernelsTest): its merge must not even round
    // differently, since it does the same double arithmetic in the same order.
    SplittableRandom rnd = new SplittableRandom(8);
    for (int trial = 0; trial < 100; trial++) {
      int m = 2 + rnd.nextInt(40);
      int d = 1 + rnd.nextInt(70); // tails of every length after the double lanes
      float[] x = TestClips.gaussian(rnd, (m + 3) * d);
      int[] rows = new int[m];
      for (int i = 0; i < m; i++) {
        rows[i] = (i * 5 + 1) % (m + 3);
      }
      int c = 1 + rnd.nextInt(m);
      DensityPeakClustering.Clusters clusters =
          DensityPeakClustering.cluster(x, rows, d, c, Math.min(7, c), Kernels.SCALAR);
      double beta = rnd.nextDouble();
      assertThat(DensityPeakClustering.merge(x, rows, d, clusters, beta, Kernels.DEFAULT))
          .as("m=%d d=%d c=%d", m, d, c)
          .isEqualTo(DensityPeakClustering.merge(x, rows, d, clusters, beta, Kernels.SCALAR));
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void squaredDistancesMatchTheDirectSumForOddShapes(Kernels kernels) {
    SplittableRandom rnd = new SplittableRandom(5);
    int m = 7;
    int d = 45; // a partial transposition chunk and a partial 4-row block
    float[] x = TestClips.gaussian(rnd, (m + 2) * d);
    int[] rows = {6, 0, 8, 3, 5, 1, 2}; // a subset of the 9 rows, out of order
    assertMatchesDirectSum(x, rows, d, kernels, 1e-4);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void squaredDistancesMatchTheDirectSumAtFullWidth(Kernels kernels) {
    // 1152 dims and 41 of 45 rows: several SIMD panels, the last one partial, short row blocks
    SplittableRandom rnd = new SplittableRandom(7);
    int d = 1152;
    float[] x = TestClips.gaussian(rnd, 45 * d);
    int[] rows = new int[41];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (i * 7 + 3) % 45;
    }
    // sqrt(d) relative error of a sum of d products, against distances ~2d
    assertMatchesDirectSum(x, rows, d, kernels, 1e-5 * 2 * d);
  }

  private static void assertMatchesDirectSum(
      float[] x, int[] rows, int d, Kernels kernels, double tolerance) {
    int m = rows.length;
    float[][] d2 = DensityPeakClustering.squaredDistances(x, rows, d, kernels);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int t = 0; t < d; t++) {
          double diff = x[rows[i] * d + t] - x[rows[j] * d + t];
          s += diff * diff;
        }
        assertThat((double) d2[i][j]).as(kernels + " %d,%d", i, j).isCloseTo(s, within(tolerance));
        assertThat(d2[i][j]).isEqualTo(d2[j][i]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void duplicateTokensAreExactlyZeroApartAndExactlyEquidistantFromTheRest(Kernels kernels) {
    // The Gram form must not turn exact duplicates into rounding noise: DPC's ties depend on it.
    SplittableRandom rnd = new SplittableRandom(6);
    for (int d : new int[] {1, 3, 4, 33, 70, 1152}) {
      float[] pool = TestClips.gaussian(rnd, 3 * d);
      int m = 23; // more than one SIMD panel
      float[] x = new float[m * d];
      int[] source = new int[m];
      for (int i = 0; i < m; i++) {
        source[i] = rnd.nextInt(3);
        for (int t = 0; t < d; t++) {
          x[i * d + t] = pool[source[i] * d + t] * 10; // norms far above the distances' scale
        }
      }
      float[][] d2 =
          DensityPeakClustering.squaredDistances(x, DensityPeakClustering.identity(m), d, kernels);
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
          if (source[a] == source[b]) {
            assertThat(d2[a][b]).as("d=" + d).isZero();
            assertThat(d2[a]).as("d=" + d).isEqualTo(d2[b]);
          } else {
            assertThat(d2[a][b]).as("d=" + d).isPositive();
          }
        }
      }
    }
  }

  @Test
  void clusteringRowsOfALargerArrayEqualsClusteringThemGathered() {
    SplittableRandom rnd = new SplittableRandom(9);
    int d = 12;
    float[] x = TestClips.gaussian(rnd, 30 * d);
    int[] rows = {1, 4, 5, 6, 9, 17, 18, 19, 20, 28};
    float[] gathered = new float[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(x, rows[i] * d, gathered, i * d, d);
    }
    DensityPeakClustering.Clusters a = DensityPeakClustering.cluster(x, rows, d, 4, 4);
    DensityPeakClustering.Clusters b =
        DensityPeakClustering.cluster(gathered, rows.length, d, 4, 4);
    assertThat(a.centres()).isEqualTo(b.centres());
    assertThat(a.assignment()).isEqualTo(b.assignment());
    assertThat(DensityPeakClustering.merge(x, rows, d, a, 0.6))
        .isEqualTo(DensityPeakClustering.merge(gathered, rows.length, d, b, 0.6));
  }

  @Test
  void threeTightGroupsGiveOneCentreEachAndTheirMembers() {
    // Groups around (0,0), (10,0), (0,10); the middle token of each group is the densest.
    float[] x = {
      0, 0, 0.1f, 0, -0.1f, 0, //
      10, 0, 10.1f, 0, 9.9f, 0, //
      0, 10, 0, 10.1f, 0, 9.9f
    };
    DensityPeakClustering.Clusters clusters = DensityPeakClustering.cluster(x, 9, 2, 3, 3);
    assertThat(clusters.centres()).containsExactly(0, 3, 6);
    assertThat(clusters.assignment()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2);
    float[] merged = DensityPeakClustering.merge(x, 9, 2, clusters, 0.6);
    // Centre 0 at (0,0), members (0.1,0) and (-0.1,0): mean (0,0), so the merge stays (0,0).
    assertThat(merged[0]).isCloseTo(0f, within(1e-6f));
    assertThat(merged[1]).isCloseTo(0f, within(1e-6f));
    assertThat(merged[2]).isCloseTo(10f, within(1e-6f));
  }

  @Test
  void twoTokensOneCentreTieGoesToTheLowerIndexAndMergesWithBeta() {
    float[] x = {1, 0, 0, 1};
    DensityPeakClustering.Clusters clusters = DensityPeakClustering.cluster(x, 2, 2, 1, 1);
    assertThat(clusters.centres()).containsExactly(0);
    float[] merged = DensityPeakClustering.merge(x, 2, 2, clusters, 0.6);
    assertThat(merged).containsExactly(0.6f, 0.4f);
  }

  @Test
  void asManyCentresAsTokensMakesEveryTokenItsOwnCentre() {
    SplittableRandom rnd = new SplittableRandom(10);
    float[] x = TestClips.gaussian(rnd, 9 * 5);
    DensityPeakClustering.Clusters clusters = DensityPeakClustering.cluster(x, 9, 5, 9, 7);
    assertThat(clusters.centres()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(clusters.assignment()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertMatchesNaive(x, 9, 5, 9, 7, 0.6, Kernels.DEFAULT);
  }

  @Test
  void aCentreWithoutMembersIsKeptUnchanged() {
    float[] x = {1, 2, 3, 4, 5, 6};
    DensityPeakClustering.Clusters clusters = DensityPeakClustering.cluster(x, 3, 2, 3, 3);
    assertThat(DensityPeakClustering.merge(x, 3, 2, clusters, 0.6)).isEqualTo(x);
  }

  @Test
  void rejectsMoreCentresThanTokens() {
    assertThatThrownBy(() -> DensityPeakClustering.cluster(new float[4], 2, 2, 3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c=3");
  }
}
