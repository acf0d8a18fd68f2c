package io.tokenprune.gateway.backend;

import java.util.Optional;

/**
 * Where answers come from: the local DJL runtime ({@link LocalBackend}, with the inner merge and
 * visual embeddings) or any OpenAI-compatible server ({@link UpstreamBackend}, text only).
 * Implementations are thread-safe; the gateway bounds how many answers run at once.
 */
public interface Backend extends AutoCloseable {
  /** The model id clients name in requests and GET /v1/models lists. */
  String modelId();

  /**
   * Why this backend cannot answer over visual tokens of the given width, or empty if it can.
   *
   * @param dim the width D of the stream's compact tokens
   */
  Optional<String> visualRefusal(int dim);

  /** Whether the model is loaded (local) or the server answers (upstream); for /healthz. */
  boolean ready();

  /**
   * Answers, streaming text to the sink as it is generated.
   *
   * @throws io.tokenprune.gateway.api.ApiException for a question this backend cannot take (400),
   *     an upstream failure (502) or an upstream timeout (504)
   */
  Answer answer(Question question, GenerationParams params, TextSink sink);

  @Override
  void close();
}
