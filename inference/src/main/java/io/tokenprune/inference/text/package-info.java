/**
 * Text in and out of a model folder: {@code tokenizer.json} through DJL's Hugging Face tokenizer,
 * offline and never truncated, and the chat template from {@code tokenizer_config.json}.
 */
package io.tokenprune.inference.text;
