/**
 * The trainer of the bundled demo model ({@code tokenprune train-demo-model}): a synthetic
 * long-context retrieval corpus (pseudo-English filler from a word list and sentence templates,
 * with pass keys, coded facts and a needle sentence at random depths, and questions whose answers
 * are copied from the document), a byte-level BPE tokenizer learned on that corpus, compacted views
 * of documents (what GemFilter's selection leaves, positions renumbered) so the model learns to
 * answer from them, and the training loop itself: the inference module's Llama forward under DJL
 * autograd, AdamW with warmup and cosine decay, gradient clipping, a NaN guard, a length
 * curriculum, seeded data, resumable checkpoints and a progress line.
 */
package io.tokenprune.inference.train;
