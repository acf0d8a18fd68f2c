package io.tokenprune.gateway.api;

/**
 * A request the gateway answers with an OpenAI-shaped error: {@code {"error": {"message", "type",
 * "param", "code"}}} and an HTTP status. Thrown anywhere while handling a request; the server turns
 * it into the response.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;

  public ApiException(int status, String type, String code, String param, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  /** 400: the request is malformed or asks for something this gateway cannot do. */
  public static ApiException badRequest(String param, String message) {
    return new ApiException(400, "invalid_request_error", "invalid_request", param, message);
  }

  /** 400 with a specific code, e.g. {@code context_length_exceeded}. */
  public static ApiException badRequest(String param, String code, String message) {
    return new ApiException(400, "invalid_request_error", code, param, message);
  }

  /** 401: no key, or a key that is not configured. */
  public static ApiException unauthorized(String message) {
    return new ApiException(401, "invalid_request_error", "invalid_api_key", null, message);
  }

  /** 404: an unknown document, stream, model or route. */
  public static ApiException notFound(String code, String param, String message) {
    return new ApiException(404, "invalid_request_error", code, param, message);
  }

  /** 413: the body or the message list is over its limit. */
  public static ApiException tooLarge(String message) {
    return new ApiException(413, "invalid_request_error", "request_too_large", null, message);
  }

  /** 429: every slot of the concurrency limit is busy. */
  public static ApiException overloaded(String message) {
    return new ApiException(429, "rate_limit_error", "overloaded", null, message);
  }

  /** 502: the upstream server failed or answered something unusable. */
  public static ApiException badGateway(String message) {
    return new ApiException(502, "upstream_error", "upstream_error", null, message);
  }

  /** 503: a part the request needs is not available (shutting down, no Kafka). */
  public static ApiException unavailable(String message) {
    return new ApiException(503, "server_error", "unavailable", null, message);
  }

  /** 504: context selection or the upstream did not answer in time. */
  public static ApiException timeout(String code, String message) {
    return new ApiException(504, "timeout_error", code, null, message);
  }

  /** 500: a fault of the gateway or its configuration. */
  public static ApiException server(String message) {
    return new ApiException(500, "server_error", "internal_error", null, message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  /** The request field at fault, or null. */
  public String param() {
    return param;
  }
}
