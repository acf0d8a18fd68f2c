/**
 * HoliTom's inner-LLM token merge as pure functions on float[]: keep the tokens the last query
 * attends to most, and fold every other token into its most cosine-similar kept token by a
 * size-weighted mean. No NDArrays, no I/O; the model-side application lives in {@code hooks}.
 */
package io.tokenprune.inference.merge;
