package io.tokenprune.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events in OpenAI's framing: each event is one {@code data: <json>} line and a blank
 * line, flushed at once; the stream ends with {@code data: [DONE]}. Nothing is sent, not even the
 * status, until the first event, so a request that fails before its first token still gets a plain
 * JSON error with the right status.
 */
final class SseStream {
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final HttpServletResponse res;
  private final ObjectMapper json;
  private ServletOutputStream out;

  SseStream(HttpServletResponse res, ObjectMapper json) {
    this.res = res;
    this.json = json;
  }

  boolean started() {
    return out != null;
  }

  void send(ObjectNode event) throws IOException {
    start();
    out.write("data: ".getBytes(StandardCharsets.US_ASCII));
    out.write(json.writeValueAsBytes(event));
    out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  void done() throws IOException {
    start();
    out.write(DONE);
    out.flush();
  }

  private void start() throws IOException {
    if (out != null) {
      return;
    }
    res.setStatus(200);
    res.setContentType("text/event-stream;charset=utf-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no"); // tell nginx-style proxies not to buffer
    out = res.getOutputStream();
  }
}
