package io.tokenprune.gateway.http;

import io.tokenprune.gateway.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. The declared Content-Length is checked first, and the bytes
 * read are counted too, because a chunked body declares no length.
 */
final class BodyReader {
  private BodyReader() {}

  /**
   * @throws ApiException 413 when the body is larger than {@code max} bytes
   */
  static byte[] read(HttpServletRequest req, long max) {
    long declared = req.getContentLengthLong();
    if (declared > max) {
      throw tooLarge(declared, max);
    }
    try (InputStream in = req.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (body.length > max) {
        throw tooLarge(-1, max);
      }
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest(null, "cannot read the request body: " + e.getMessage());
    }
  }

  private static ApiException tooLarge(long size, long max) {
    return ApiException.tooLarge(
        "request body "
            + (size >= 0 ? "of " + size + " bytes " : "")
            + "exceeds the limit of "
            + max
            + " bytes");
  }
}
