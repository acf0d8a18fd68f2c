package io.tokenprune.reducer.docs.select;

/**
 * Counters of a {@link PrefixCache} since it was made.
 *
 * @param hits questions whose document was cached at its layer, with every chunk
 * @param misses questions that had to recompute the document's prefix
 * @param evictions entries dropped to stay within the byte bound (or too large to keep at all)
 * @param entries entries held now
 * @param bytes bytes held now
 */
public record CacheStats(long hits, long misses, long evictions, int entries, long bytes) {}
