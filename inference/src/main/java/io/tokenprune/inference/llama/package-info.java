/**
 * The Llama-family decoder written with NDArray ops: embeddings, RMSNorm, RoPE, grouped-query
 * attention with a causal mask, SwiGLU and the LM head; a per-layer KV cache; and a chunked layer
 * runner that can stop and resume between any two layers (the seam the early-layer filter and the
 * inner merge use). The same layer code runs under a GradientCollector for training.
 */
package io.tokenprune.inference.llama;
