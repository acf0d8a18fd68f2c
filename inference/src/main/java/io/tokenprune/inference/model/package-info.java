/**
 * A Llama-family checkpoint in Hugging Face layout: {@code config.json} as a validated {@link
 * io.tokenprune.inference.model.ModelConfig}, the RoPE frequency table, and the weights loaded from
 * one or many safetensors shards into NDArrays, checked tensor by tensor against the config.
 */
package io.tokenprune.inference.model;
