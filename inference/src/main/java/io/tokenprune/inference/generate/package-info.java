/**
 * Text generation for the gateway: a prompt of token ids and/or embedding rows (visual tokens) with
 * optional explicit position ids, chunked prefill into a KV cache, an optional inner merge, then
 * sampled decoding that streams each token to a listener until a stop token or the token budget.
 */
package io.tokenprune.inference.generate;
