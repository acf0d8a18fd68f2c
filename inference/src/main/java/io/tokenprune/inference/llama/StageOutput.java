package io.tokenprune.inference.llama;

import ai.djl.ndarray.NDArray;

/**
 * What a run of consecutive layers produced.
 *
 * @param hidden [B, T, D], owned by the input's manager
 * @param lastRowAttention the tapped layer's attention of the last query row over every key at that
 *     layer, averaged over heads, [Tk]; null when no layer was tapped
 */
public record StageOutput(NDArray hidden, float[] lastRowAttention) {}
