/**
 * The logic of {@code tokenprune model logits|scores}: run a model folder on given ids or text and
 * write the raw logits or early-layer filter scores as safetensors, for comparison with a reference
 * implementation. Bad input raises {@link io.tokenprune.inference.inspect.InspectionException}
 * (exit code 2 in the CLI).
 */
package io.tokenprune.inference.inspect;
