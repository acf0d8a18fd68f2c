/**
 * Next-token sampling on plain float[] logits: greedy, or temperature with nucleus (top-p)
 * truncation from a seeded generator. Pure Java: no NDArrays, no I/O.
 */
package io.tokenprune.inference.sampling;
