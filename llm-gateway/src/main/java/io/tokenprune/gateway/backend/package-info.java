/**
 * Where answers come from: {@link io.tokenprune.gateway.backend.LocalBackend} (the inference
 * runtime, GemFilter pass 2, visual embeddings through a LLaVA-style projector, the inner merge)
 * and {@link io.tokenprune.gateway.backend.UpstreamBackend} (any OpenAI-compatible server, text
 * only), with streaming text, stop strings and incremental decoding.
 */
package io.tokenprune.gateway.backend;
