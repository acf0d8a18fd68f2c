package io.tokenprune.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PolicyViewTest {

  private final PolicyView view = new PolicyView();

  /**
   * kafka-console-producer --property parse.key=true --property key.separator='|' splits each line
   * at the first separator into key and value, and with --property null.marker=NULL sends a
   * tombstone for the value NULL. The records below are typed as an operator would.
   */
  @Test
  void recordsWrittenWithTheConsoleProducerAreApplied() {
    String typed =
        """
        *|{"version": 1, "retainRatio": 0.2, "tau": 0.65}
        cam-|{"version": 2, "retainRatio": 0.15, "granularity": "sentence"}
        cam-9|{"version": 3, "windowFrames": 16}
        cam-9|NULL
        """;
    List<PolicyUpdate> updates = new ArrayList<>();
    for (String line : typed.lines().toList()) {
      int sep = line.indexOf('|');
      String key = line.substring(0, sep);
      String value = line.substring(sep + 1);
      updates.add(view.apply(key, value.equals("NULL") ? null : value));
    }

    assertThat(updates)
        .extracting(u -> u.getClass().getSimpleName())
        .containsExactly("Accepted", "Accepted", "Accepted", "Deleted");
    EffectivePolicy cam9 = view.resolve("cam-9");
    assertThat(cam9.retainRatio()).isEqualTo(0.15);
    assertThat(cam9.tau()).isEqualTo(0.65);
    assertThat(cam9.granularity()).isEqualTo(Granularity.SENTENCE);
    assertThat(cam9.windowFrames()).isEqualTo(32);
  }

  @Test
  void anInvalidRecordIsRejectedWithItsReasonAndTheLastValidOneStays() {
    view.put("cam-", "{\"version\": 2, \"retainRatio\": 0.15}");
    EffectivePolicy before = view.resolve("cam-1");

    PolicyUpdate bad = view.put("cam-", "{\"version\": 3, \"retainRatio\": 1.5}");
    PolicyUpdate unknown = view.put("cam-", "{\"version\": 3, \"retainRatio\": 0.2, \"speed\": 2}");
    PolicyUpdate broken = view.put("cam-", "{\"version\": 3,");

    assertThat(bad)
        .isEqualTo(new PolicyUpdate.Rejected("cam-", "retainRatio must be in (0,1], got 1.5"));
    assertThat(((PolicyUpdate.Rejected) unknown).reason()).startsWith("unknown field \"speed\"");
    assertThat(((PolicyUpdate.Rejected) broken).reason()).startsWith("bad JSON (line 1, column");
    assertThat(view.resolve("cam-1")).isEqualTo(before);
    assertThat(view.get("cam-").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void aBadKeyIsRejectedForAPolicyAndForATombstone() {
    assertThat(view.apply("cam-*", "{}")).isInstanceOf(PolicyUpdate.Rejected.class);
    assertThat(view.apply(null, "{}"))
        .isEqualTo(new PolicyUpdate.Rejected(null, "policy scope (the record key) is missing"));
    assertThat(view.apply("", null)).isInstanceOf(PolicyUpdate.Rejected.class);
    assertThat(view.list()).isEmpty();
  }

  @Test
  void aTombstoneDeletesItsScopeAndIdsFallBackToTheNextLevel() {
    view.put("*", "{\"version\": 1, \"knn\": 3}");
    view.put("cam-", "{\"version\": 2, \"knn\": 5}");

    assertThat(view.apply("cam-", null)).isEqualTo(new PolicyUpdate.Deleted("cam-", true));
    assertThat(view.resolve("cam-1").knn()).isEqualTo(3);
    assertThat(view.apply("cam-", null)).isEqualTo(new PolicyUpdate.Deleted("cam-", false));
    assertThat(view.get("cam-")).isEmpty();
  }

  @Test
  void listsEveryScopeInOrderWithTheGlobalFirst() {
    view.put("doc-", "{\"version\": 4}");
    view.put("cam-", "{\"version\": 2}");
    view.put("*", "{\"version\": 1}");

    assertThat(view.list()).extracting(ScopedPolicy::scope).containsExactly("*", "cam-", "doc-");
  }

  @Test
  void theNextVersionIsAboveEveryWrittenOne() {
    assertThat(view.nextVersion()).isEqualTo(1);
    view.put("*", "{\"version\": 7}");
    view.put("cam-", "{\"version\": 3}");
    view.put("doc-", "{\"topK\": 64}"); // a fingerprint, not a written version

    assertThat(view.nextVersion()).isEqualTo(8);
  }

  @Test
  void putOfAParsedPolicyMatchesPutOfItsJson() {
    PrunePolicy policy = PrunePolicy.builder().version(5L).tau(0.7).build();
    PolicyView fromJson = new PolicyView();

    view.put("cam-", policy);
    fromJson.put("cam-", PolicyJson.write(policy));

    assertThat(view.list()).isEqualTo(fromJson.list());
  }

  /**
   * One writer churns through scopes while readers resolve: a reader must always see the scope that
   * never changes, and the global version only ever goes up for it, as each update swaps in a whole
   * map.
   */
  @Test
  void readersSeeConsistentSnapshotsWhileOneThreadWrites() throws Exception {
    view.put("cam-", "{\"version\": 1, \"retainRatio\": 0.15}");
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  int reads = 0;
                  int lastKnn = 0;
                  while (writing.get() || reads == 0) {
                    EffectivePolicy p = view.resolve("cam-7");
                    assertThat(p.retainRatio()).isEqualTo(0.15);
                    assertThat(p.knn()).isGreaterThanOrEqualTo(lastKnn);
                    lastKnn = p.knn();
                    assertThat(view.list()) // a whole map: cam-, then *, and one or two tmp- scopes
                        .hasSizeBetween(1, 4)
                        .extracting(ScopedPolicy::scope)
                        .contains("cam-");
                    reads++;
                  }
                  return reads;
                }));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                for (int i = 1; i <= 50_000; i++) {
                  view.put("tmp-" + i, PrunePolicy.builder().version((long) i).build());
                  view.delete("tmp-" + (i - 1));
                  view.put(
                      "*",
                      PrunePolicy.builder()
                          .version((long) i)
                          .knn(7 + i)
                          .build()); // above the default
                }
                writing.set(false);
              });
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(view.list())
        .extracting(ScopedPolicy::scope)
        .containsExactly("*", "cam-", "tmp-50000");
    assertThat(view.resolve("cam-7").knn()).isEqualTo(50_007);
  }
}
