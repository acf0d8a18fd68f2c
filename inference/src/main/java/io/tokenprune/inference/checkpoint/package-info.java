/**
 * Writing model folders in Hugging Face layout: {@link
 * io.tokenprune.inference.checkpoint.TinyCheckpoint} for randomly initialised test and benchmark
 * models of any config (so no test downloads anything), a byte-level tokenizer for them, and {@link
 * io.tokenprune.inference.checkpoint.CheckpointWriter} for saving trained weights.
 */
package io.tokenprune.inference.checkpoint;
