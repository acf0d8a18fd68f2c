package io.tokenprune.gateway.backend;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An OpenAI-compatible server to answer with (vLLM, Ollama, llama.cpp's server, ...).
 *
 * @param baseUrl the API root that {@code /chat/completions} and {@code /models} hang off, e.g.
 *     {@code http://localhost:8000/v1}
 * @param apiKey sent as {@code Authorization: Bearer}, if the server wants one
 * @param model the model name the server knows; also the id this gateway serves
 * @param timeout the whole exchange, from sending the request to the last streamed token
 */
public record UpstreamSettings(
    URI baseUrl, Optional<String> apiKey, String model, Duration timeout) {
  public UpstreamSettings {
    if (baseUrl == null
        || baseUrl.getScheme() == null
        || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "upstream URL must be http(s)://host[:port]/path, got " + baseUrl);
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("upstream model must be named");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("upstream timeout must be positive, got " + timeout);
    }
    apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isBlank());
    String s = baseUrl.toString();
    baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  /** {@code baseUrl + path}, path starting with a slash. */
  public URI resolve(String path) {
    return URI.create(baseUrl + path);
  }
}
