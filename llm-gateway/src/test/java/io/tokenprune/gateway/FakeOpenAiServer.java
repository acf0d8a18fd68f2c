package io.tokenprune.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A small OpenAI-compatible server, the only fake in the gateway's tests: it answers POST
 * /v1/chat/completions with a fixed reply (as SSE chunks with a usage chunk when asked to stream,
 * else as one JSON object) and GET /v1/models. It records every request, and can answer with an
 * error status or hold a request until released, to exercise the gateway's failure paths.
 */
public final class FakeOpenAiServer implements AutoCloseable {
  public static final String MODEL = "up-model";
  public static final List<String> PIECES = List.of("The pass", " key is", " 12345.");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the server received it. */
  public record Received(JsonNode body, String authorization) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Semaphore arrivals = new Semaphore(0);
  private volatile int errorStatus;
  private volatile String errorBody;
  private volatile CountDownLatch hold;

  public FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/models", this::models);
    server.setExecutor(pool);
    server.start();
  }

  /** The API root, {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Back to answering every request at once, with nothing recorded. */
  public void reset() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    hold = null;
    errorStatus = 0;
    received.clear();
    arrivals.drainPermits();
  }

  /** Answer every chat request with this status and body from now on. */
  public void failWith(int status, String body) {
    errorStatus = status;
    errorBody = body;
  }

  /** Hold every chat request from now on until the returned latch is counted down. */
  public CountDownLatch holdRequests() {
    hold = new CountDownLatch(1);
    return hold;
  }

  /** Waits until a chat request has arrived (each call consumes one arrival). */
  public void awaitArrival() throws InterruptedException {
    arrivals.acquire();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void chat(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    received.add(new Received(body, ex.getRequestHeaders().getFirst("Authorization")));
    arrivals.release();
    CountDownLatch h = hold;
    if (h != null) {
      try {
        h.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (errorStatus != 0) {
      byte[] b = errorBody.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(errorStatus, b.length);
      ex.getResponseBody().write(b);
      ex.close();
      return;
    }
    int prompt = body.path("messages").toString().length() / 4;
    if (body.path("stream").asBoolean(false)) {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < PIECES.size(); i++) {
          ObjectNode chunk = chunk();
          ObjectNode delta =
              chunk.withArray("choices").addObject().put("index", 0).putObject("delta");
          if (i == 0) {
            delta.put("role", "assistant");
          }
          delta.put("content", PIECES.get(i));
          event(out, chunk);
        }
        ObjectNode last = chunk();
        last.withArray("choices")
            .addObject()
            .put("index", 0)
            .put("finish_reason", "stop")
            .putObject("delta");
        event(out, last);
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
          ObjectNode usage = chunk();
          usage.putArray("choices");
          usage
              .putObject("usage")
              .put("prompt_tokens", prompt)
              .put("completion_tokens", PIECES.size())
              .put("total_tokens", prompt + PIECES.size());
          event(out, usage);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      }
    } else {
      ObjectNode r =
          JSON.createObjectNode()
              .put("id", "up-1")
              .put("object", "chat.completion")
              .put("created", 1)
              .put("model", MODEL);
      ObjectNode choice =
          r.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
      choice.putObject("message").put("role", "assistant").put("content", String.join("", PIECES));
      r.putObject("usage")
          .put("prompt_tokens", prompt)
          .put("completion_tokens", PIECES.size())
          .put("total_tokens", prompt + PIECES.size());
      byte[] b = JSON.writeValueAsBytes(r);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    }
  }

  private static ObjectNode chunk() {
    return JSON.createObjectNode()
        .put("id", "up-1")
        .put("object", "chat.completion.chunk")
        .put("created", 1)
        .put("model", MODEL);
  }

  private static void event(OutputStream out, ObjectNode chunk) throws IOException {
    out.write(
        ("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void models(HttpExchange ex) throws IOException {
    byte[] b =
        ("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    server.stop(0);
    pool.shutdownNow();
  }
}
