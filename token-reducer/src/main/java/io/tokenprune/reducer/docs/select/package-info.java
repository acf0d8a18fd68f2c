/**
 * GemFilter selection for documents on the model: the prompt template, tokenizing a document chunk
 * by chunk, the incremental early-layer prefill of a document ({@link
 * io.tokenprune.reducer.docs.select.DocumentPrefix}), the byte-bounded LRU of those prefills
 * ({@link io.tokenprune.reducer.docs.select.PrefixCache}) and the entry point {@link
 * io.tokenprune.reducer.docs.select.DocumentSelector}, which scores a question and picks tokens or
 * sentences with {@link io.tokenprune.reducer.gemfilter}. No Kafka here: the reducer's document
 * topology and the offline {@code tokenprune select} command share this code.
 *
 * <p>The prompt is {@code head ++ document ++ question part}, each tokenized on its own, and the
 * document one chunk at a time (as its chunks arrive). That split is what lets a cached document
 * prefix be reused by any question, and the uncached path uses the very same token ids, so both
 * score the same sequence. For a byte-level tokenizer this equals tokenizing the whole prompt at
 * once; a BPE tokenizer may split a word differently where a chunk or the template cuts it.
 */
package io.tokenprune.reducer.docs.select;
