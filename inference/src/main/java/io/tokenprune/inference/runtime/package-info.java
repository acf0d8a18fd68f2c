/**
 * The entry point: load a Hugging Face model folder onto a device ({@link
 * io.tokenprune.inference.runtime.ModelRuntime}), configured by an immutable {@link
 * io.tokenprune.inference.runtime.RuntimeConfig}.
 */
package io.tokenprune.inference.runtime;
