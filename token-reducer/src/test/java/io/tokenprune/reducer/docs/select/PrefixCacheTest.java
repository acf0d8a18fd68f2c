package io.tokenprune.reducer.docs.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.inference.runtime.ModelRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefixCacheTest {
  @TempDir static Path dir;
  static ModelRuntime rt;
  static long entryBytes;

  @BeforeAll
  static void load() {
    rt = TinyDocModel.load(TinyDocModel.write(dir.resolve("m"), null));
    try (CachedDocument probe = doc()) {
      entryBytes = probe.bytes();
    }
  }

  @AfterAll
  static void close() {
    rt.close();
  }

  /** A document of 40 tokens at layer 1: every one has the same size. */
  static CachedDocument doc() {
    CachedDocument d = new CachedDocument(new DocumentPrefix(rt.model(), 1, 16), new int[] {1});
    d.append("x".repeat(39), new TokenizedText(new int[39], new int[39]));
    return d;
  }

  static PrefixCache.Key key(String id) {
    return new PrefixCache.Key(id, 1);
  }

  @Test
  void evictsTheLeastRecentlyUsedToStayWithinItsBytes() {
    try (PrefixCache cache = new PrefixCache(2 * entryBytes + entryBytes / 2)) {
      CachedDocument a = doc();
      CachedDocument b = doc();
      cache.put(key("a"), a).close();
      cache.put(key("b"), b).close();
      cache.forQuestion(key("a"), 1).close(); // a is now more recent than b
      cache.put(key("c"), doc()).close();
      assertThat(cache.forChunk(key("b"))).isNull();
      assertThatThrownBy(() -> b.prefix().scores(new int[] {1}))
          .hasMessage("document prefix already closed");
      try (PrefixCache.Lease stillThere = cache.forChunk(key("a"))) {
        assertThat(stillThere.document()).isSameAs(a);
      }
      CacheStats stats = cache.stats();
      assertThat(stats.evictions()).isEqualTo(1);
      assertThat(stats.entries()).isEqualTo(2);
      assertThat(stats.bytes()).isEqualTo(2 * entryBytes);
      assertThat(stats.hits()).isEqualTo(1);
    }
  }

  @Test
  void aPinnedEntryIsFreedOnlyWhenItsLastLeaseCloses() {
    try (PrefixCache cache = new PrefixCache(entryBytes)) {
      CachedDocument a = doc();
      PrefixCache.Lease held = cache.put(key("a"), a);
      cache.put(key("b"), doc()).close(); // evicts a while it is held
      assertThat(held.cached()).isFalse();
      assertThat(cache.stats().bytes()).isEqualTo(entryBytes);
      assertThat(a.prefix().scores(new int[] {2})).hasSize(41); // still usable
      held.close();
      held.close(); // idempotent
      assertThatThrownBy(() -> a.prefix().scores(new int[] {2}))
          .hasMessage("document prefix already closed");
    }
  }

  @Test
  void aStaleEntryIsAMissAndGrowingIsAccounted() {
    try (PrefixCache cache = new PrefixCache(10 * entryBytes)) {
      CachedDocument a = doc();
      try (PrefixCache.Lease lease = cache.put(key("a"), a)) {
        a.append("yy", new TokenizedText(new int[] {3, 4}, new int[] {0, 1}));
        cache.resized(key("a"), lease);
      }
      assertThat(cache.stats().bytes()).isEqualTo(a.bytes()).isGreaterThan(entryBytes);
      assertThat(cache.forQuestion(key("a"), 3)).isNull(); // it holds 2 chunks, not 3
      assertThat(cache.stats().entries()).isZero();
      assertThat(cache.stats().misses()).isEqualTo(1);
      assertThatThrownBy(() -> new PrefixCache(-1)).hasMessage("cache bytes must be >= 0, got -1");
    }
  }

  @Test
  void removingADocumentDropsEveryLayer() {
    try (PrefixCache cache = new PrefixCache(10 * entryBytes)) {
      cache.put(new PrefixCache.Key("d", 1), doc()).close();
      cache.put(new PrefixCache.Key("d", 2), doc()).close();
      cache.put(new PrefixCache.Key("e", 1), doc()).close();
      cache.removeDocument("d");
      assertThat(cache.stats().entries()).isEqualTo(1);
      assertThat(cache.stats().evictions()).isZero();
    }
  }
}
