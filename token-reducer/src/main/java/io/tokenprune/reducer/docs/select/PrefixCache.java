package io.tokenprune.reducer.docs.select;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prefilled documents by (docId, filter layer), least recently used first out, bounded in bytes. It
 * sits in front of recomputation and is never the source of truth: a miss, an eviction or a restart
 * only costs a recompute from the stored text.
 *
 * <p>Entries are handed out as pinned {@link Lease}s: an entry evicted while a question or a chunk
 * still uses it leaves the map at once (its bytes no longer count) but frees its NDArrays only when
 * the last lease closes. Thread-safe; the model work on an entry happens outside the lock.
 */
public final class PrefixCache implements AutoCloseable {
  /** What an entry is cached under. */
  public record Key(String docId, int layer) {}

  private final long maxBytes;
  private final LinkedHashMap<Key, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;
  private long evictions;

  /**
   * @param maxBytes the bound; 0 keeps nothing (every question recomputes)
   */
  public PrefixCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache bytes must be >= 0, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * A question's lookup: a hit when the entry exists and holds all {@code chunks} chunks (a stale
   * entry is dropped). Counts a hit or a miss.
   *
   * @return a pinned entry, or null on a miss
   */
  public synchronized Lease forQuestion(Key key, int chunks) {
    Slot s = slots.get(key);
    if (s != null && s.document.chunks() == chunks) {
      hits++;
      return new Lease(s);
    }
    if (s != null) {
      drop(key, s);
    }
    misses++;
    return null;
  }

  /** A chunk's lookup, not counted: the entry to grow, or null. */
  public synchronized Lease forChunk(Key key) {
    Slot s = slots.get(key);
    return s == null ? null : new Lease(s);
  }

  /**
   * Caches a new entry under {@code key} (replacing any), evicting the least recently used until
   * the bound holds; an entry larger than the whole bound is not kept. Either way the caller gets
   * it pinned, and it is freed once unpinned if it was not kept.
   */
  public synchronized Lease put(Key key, CachedDocument document) {
    Slot old = slots.remove(key);
    if (old != null) {
      bytes -= old.bytes;
      release(old);
    }
    Slot s = new Slot(document);
    s.bytes = document.bytes();
    slots.put(key, s);
    bytes += s.bytes;
    Lease lease = new Lease(s);
    evictBeyondBound(key);
    return lease;
  }

  /** Re-reads the size of a leased entry that grew, and evicts to stay within the bound. */
  public synchronized void resized(Key key, Lease lease) {
    Slot s = lease.slot;
    if (s.dropped) {
      return;
    }
    long now = s.document.bytes();
    bytes += now - s.bytes;
    s.bytes = now;
    evictBeyondBound(key);
  }

  /** Drops every layer's entry of a document (a rejected or replaced document). */
  public synchronized void removeDocument(String docId) {
    List<Key> keys = new ArrayList<>();
    for (Key k : slots.keySet()) {
      if (k.docId().equals(docId)) {
        keys.add(k);
      }
    }
    for (Key k : keys) {
      drop(k, slots.get(k));
    }
  }

  public synchronized CacheStats stats() {
    return new CacheStats(hits, misses, evictions, slots.size(), bytes);
  }

  /** Least recently used first, sparing {@code keep} unless it alone exceeds the bound. */
  private void evictBeyondBound(Key keep) {
    Iterator<Map.Entry<Key, Slot>> it = slots.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<Key, Slot> e = it.next();
      if (!e.getKey().equals(keep)) {
        it.remove();
        evict(e.getValue());
      }
    }
    Slot kept = slots.get(keep);
    if (bytes > maxBytes && kept != null) {
      slots.remove(keep);
      evict(kept);
    }
  }

  private void evict(Slot s) {
    evictions++;
    bytes -= s.bytes;
    release(s);
  }

  private void drop(Key key, Slot s) {
    slots.remove(key);
    bytes -= s.bytes;
    release(s);
  }

  private void release(Slot s) {
    s.dropped = true;
    if (s.pins == 0) {
      s.document.close();
    }
  }

  @Override
  public synchronized void close() {
    for (Slot s : slots.values()) {
      release(s);
    }
    slots.clear();
    bytes = 0;
  }

  private static final class Slot {
    final CachedDocument document;
    long bytes;
    int pins;
    boolean dropped;

    Slot(CachedDocument document) {
      this.document = document;
    }
  }

  /** A pinned entry; close it when done. */
  public final class Lease implements AutoCloseable {
    private final Slot slot;
    private boolean open = true;

    private Lease(Slot slot) {
      this.slot = slot;
      slot.pins++;
    }

    public CachedDocument document() {
      return slot.document;
    }

    /** Whether the entry is still in the cache (not evicted or replaced). */
    public boolean cached() {
      synchronized (PrefixCache.this) {
        return !slot.dropped;
      }
    }

    @Override
    public void close() {
      synchronized (PrefixCache.this) {
        if (open) {
          open = false;
          slot.pins--;
          if (slot.dropped && slot.pins == 0) {
            slot.document.close();
          }
        }
      }
    }
  }
}
