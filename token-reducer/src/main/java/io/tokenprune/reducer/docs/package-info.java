/**
 * The reducer's document path on Kafka Streams: {@code tp.docs} chunks accumulate per docId in
 * changelogged stores (bounded by the policy's maxDocumentTokens), each new chunk is prefilled into
 * the prefix cache as it arrives, and every {@code tp.qa.requests} record is answered with one
 * {@code CompactContext}: the GemFilter selection once the document is complete, or an error
 * (unknown or rejected document, a question that waited too long for the last chunk, a bad
 * question). {@link io.tokenprune.reducer.docs.DocumentTopology#addTo} adds it to the reducer's
 * topology; the model work lives in {@link io.tokenprune.reducer.docs.select}.
 */
package io.tokenprune.reducer.docs;
