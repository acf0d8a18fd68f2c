/**
 * GemFilter's selection step (Shi et al., 2024), as pure functions: raw early-layer scores in,
 * selected token positions out. The scores come from {@code EarlyLayerFilter} (layer L, the last
 * token's query against every key, summed over heads, no softmax or scale); this package average-
 * pools them along the sequence ({@link io.tokenprune.reducer.gemfilter.ScorePooling}) and keeps
 * either the top {@code min(k, n)} tokens ({@link io.tokenprune.reducer.gemfilter.TokenSelection},
 * the paper's method) or whole sentences up to a token budget ({@link
 * io.tokenprune.reducer.gemfilter.SentenceSelection}). Positions always come back ascending, so the
 * original order is kept.
 *
 * <p>Sentences are token ranges ({@link io.tokenprune.reducer.gemfilter.Sentences}), found in the
 * text ({@link io.tokenprune.reducer.gemfilter.SentenceBoundaries}) and mapped onto tokens through
 * each token's first character offset, which any tokenizer can give (a byte-level one: the
 * character its byte belongs to; a BPE one: its char span).
 *
 * <p>Layouts: scores are {@code float[n]}, one per prompt position. Nothing here imports Kafka,
 * Avro, JavaCV, HTTP or the wire schemas; an ArchUnit test enforces that.
 */
package io.tokenprune.reducer.gemfilter;
