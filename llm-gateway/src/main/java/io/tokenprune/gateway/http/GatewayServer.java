package io.tokenprune.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.api.CompletionJson;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server (Javalin on Jetty 11): the OpenAI-compatible chat route, the model,
 * stream, health and metrics routes, API keys on every {@code /v1} route, and every failure as an
 * OpenAI error object with its status.
 *
 * <p>Shutdown is graceful in two steps: {@link #close()} first stops admitting answers (503) and
 * waits for those in flight, then stops Jetty, which (through a StatisticsHandler and a stop
 * timeout) finishes writing the responses still open.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  private static final String STARTED = "tokenprune.started";

  private final ServerSettings settings;
  private final Admission admission;
  private final Javalin app;
  private final ObjectMapper json = new ObjectMapper();
  private final CompletionJson shapes = new CompletionJson(json);
  private boolean closed;

  private GatewayServer(ServerSettings settings, GatewayServices services) {
    this.settings = settings;
    this.admission = new Admission(settings.maxConcurrent());
    // Answers are drained before Jetty stops; Jetty's graceful stop only covers responses still
    // being written and idle keep-alive connections, so it needs seconds at most.
    long stopMs = Math.min(5000, Math.max(1000, settings.drainTimeout().toMillis()));
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.http.maxRequestSize = settings.limits().maxBodyBytes();
              config.http.disableCompression(); // SSE chunks must leave at once
              config.jetty.modifyServer(
                  server -> {
                    server.setHandler(new StatisticsHandler()); // Javalin nests itself inside
                    server.setStopTimeout(stopMs);
                  });
            });
    ChatRoute chat = new ChatRoute(services, admission, settings.limits(), json);
    StreamRoutes streams = new StreamRoutes(services.streams(), json);
    long created = System.currentTimeMillis() / 1000;

    app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    app.before("/v1/*", ctx -> settings.keys().check(ctx.header("Authorization")));
    app.post("/v1/chat/completions", chat::handle);
    app.get(
        "/v1/models", ctx -> json(ctx, 200, shapes.models(services.backend().modelId(), created)));
    app.get("/v1/streams", ctx -> json(ctx, 200, streams.streams()));
    app.get(
        "/v1/streams/{id}/segments", ctx -> json(ctx, 200, streams.segments(ctx.pathParam("id"))));
    app.get("/healthz", ctx -> health(ctx, services));
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(services.metrics().scrape()));
    app.exception(ApiException.class, (e, ctx) -> error(ctx, e));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> error(ctx, fromJavalin(e.getStatus(), e.getMessage())));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("{} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, ApiException.server("internal error: " + e));
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            error(
                ctx,
                ApiException.notFound(
                    "not_found", null, "no route " + ctx.method() + " " + ctx.path()));
          }
        });
    app.error(
        405,
        ctx -> {
          if (ctx.result() == null) {
            error(
                ctx,
                new ApiException(
                    405,
                    "invalid_request_error",
                    "method_not_allowed",
                    null,
                    "method " + ctx.method() + " is not allowed on " + ctx.path()));
          }
        });
    app.after(
        ctx -> {
          Long started = ctx.attribute(STARTED);
          double seconds = started == null ? 0 : (System.nanoTime() - started) / 1e9;
          services.metrics().request(route(ctx), ctx.statusCode(), seconds);
        });
    services
        .metrics()
        .gauge("tokenprune_gateway_in_flight", "Answers being generated now.", admission::inFlight);
  }

  /** Starts listening; {@link #port()} tells the port when the settings asked for 0. */
  public static GatewayServer start(ServerSettings settings, GatewayServices services) {
    GatewayServer s = new GatewayServer(settings, services);
    s.app.start(settings.host(), settings.port());
    return s;
  }

  public int port() {
    return app.port();
  }

  /** {@code http://HOST:PORT}, with the host as bound. */
  public String url() {
    return "http://" + settings.host() + ":" + port();
  }

  /** Answers being generated now. */
  public int inFlight() {
    return admission.inFlight();
  }

  public boolean draining() {
    return admission.draining();
  }

  /** Stops admitting answers, waits for those in flight (up to the drain timeout), stops Jetty. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!admission.drain(settings.drainTimeout())) {
        log.warn(
            "{} answers still running after the drain timeout of {}; stopping anyway",
            admission.inFlight(),
            settings.drainTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
  }

  private void health(Context ctx, GatewayServices services) throws IOException {
    GatewayServices.Health h = services.health().get();
    ObjectNode n = json.createObjectNode();
    n.put("status", h.ok() ? "ok" : "unavailable");
    n.put("kafka", h.kafka());
    n.put("model", h.model());
    n.put("model_id", services.backend().modelId());
    n.put("draining", admission.draining());
    n.put("detail", h.detail());
    json(ctx, h.ok() && !admission.draining() ? 200 : 503, n);
  }

  private void json(Context ctx, int status, ObjectNode body) throws IOException {
    ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
  }

  private void error(Context ctx, ApiException e) {
    if (e.status() == 429) {
      ctx.header("Retry-After", "1");
    }
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    try {
      json(ctx, e.status(), shapes.error(e));
    } catch (IOException io) {
      throw new IllegalStateException(io);
    }
  }

  private static ApiException fromJavalin(int status, String message) {
    return switch (status) {
      case 413 -> ApiException.tooLarge(message);
      case 404 -> ApiException.notFound("not_found", null, message);
      case 400 -> ApiException.badRequest(null, message);
      default ->
          new ApiException(
              status,
              "invalid_request_error",
              "http_" + status,
              null,
              message.toLowerCase(Locale.ROOT));
    };
  }

  /** The route template, so that metric labels stay few. */
  private static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
