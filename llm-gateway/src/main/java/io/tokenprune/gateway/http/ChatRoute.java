package io.tokenprune.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.api.ChatRequest;
import io.tokenprune.gateway.api.CompletionJson;
import io.tokenprune.gateway.api.RequestLimits;
import io.tokenprune.gateway.api.Usage;
import io.tokenprune.gateway.backend.Answer;
import io.tokenprune.gateway.backend.GenerationParams;
import io.tokenprune.gateway.backend.TextSink;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /v1/chat/completions: admission, body and limits, the request, its context, then the answer,
 * whole or as server-sent chunks.
 */
final class ChatRoute {
  private static final Logger log = LoggerFactory.getLogger(ChatRoute.class);

  private final GatewayServices services;
  private final Admission admission;
  private final RequestLimits limits;
  private final ObjectMapper json;
  private final CompletionJson shapes;
  private final ContextResolver resolver;

  ChatRoute(
      GatewayServices services, Admission admission, RequestLimits limits, ObjectMapper json) {
    this.services = services;
    this.admission = admission;
    this.limits = limits;
    this.json = json;
    this.shapes = new CompletionJson(json);
    this.resolver = new ContextResolver(services, json);
  }

  void handle(Context ctx) throws IOException {
    long t0 = System.nanoTime();
    try (Admission.Ticket ticket = admission.enter()) {
      ChatRequest request =
          ChatRequest.parse(BodyReader.read(ctx.req(), limits.maxBodyBytes()), limits, json);
      String model = services.backend().modelId();
      if (!request.model().equals(model)) {
        throw ApiException.notFound(
            "model_not_found",
            "model",
            "model " + request.model() + " is not served here; this gateway serves " + model);
      }
      ContextResolver.Resolved resolved = resolver.resolve(request);
      GenerationParams params =
          new GenerationParams(
              request.maxTokens(),
              request.temperature(),
              request.topP(),
              request.seed(),
              request.stop());
      String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
      long created = System.currentTimeMillis() / 1000;
      if (request.stream()) {
        stream(ctx, request, resolved, params, id, created, t0);
      } else {
        whole(ctx, resolved, params, id, created, t0);
      }
    }
  }

  private void whole(
      Context ctx,
      ContextResolver.Resolved resolved,
      GenerationParams params,
      String id,
      long created,
      long t0) {
    boolean[] first = {true};
    Answer a =
        answer(
            resolved,
            params,
            delta -> {
              if (first[0]) {
                first[0] = false;
                services.metrics().firstToken(resolved.label(), seconds(t0));
              }
              return true;
            });
    Usage usage = usage(resolved, a);
    ObjectNode body =
        shapes.completion(
            id,
            created,
            services.backend().modelId(),
            a.text(),
            a.finishReason(),
            usage,
            resolved.report().apply(a));
    ctx.status(200).contentType("application/json").result(bytes(body));
  }

  private void stream(
      Context ctx,
      ChatRequest request,
      ContextResolver.Resolved resolved,
      GenerationParams params,
      String id,
      long created,
      long t0) {
    String model = services.backend().modelId();
    SseStream sse = new SseStream(ctx.res(), json);
    boolean[] first = {true};
    TextSink sink =
        delta -> {
          try {
            if (first[0]) {
              first[0] = false;
              services.metrics().firstToken(resolved.label(), seconds(t0));
              sse.send(shapes.chunk(id, created, model, "assistant", "", null));
            }
            sse.send(shapes.chunk(id, created, model, null, delta, null));
            return true;
          } catch (IOException e) {
            log.debug("client left during a streamed answer: {}", e.toString());
            return false;
          }
        };
    Answer a;
    try {
      a = answer(resolved, params, sink);
    } catch (ApiException e) {
      if (!sse.started()) {
        throw e; // nothing sent yet: a plain error response with its status
      }
      try {
        sse.send(shapes.error(e));
        sse.done();
      } catch (IOException gone) {
        // the client left as well
      }
      return;
    }
    try {
      if (first[0]) {
        sse.send(shapes.chunk(id, created, model, "assistant", "", null));
      }
      ObjectNode last = shapes.chunk(id, created, model, null, null, a.finishReason());
      ObjectNode report = resolved.report().apply(a);
      if (report != null) {
        last.set("tokenprune", report);
      }
      sse.send(last);
      if (request.includeUsage()) {
        sse.send(shapes.usageChunk(id, created, model, usage(resolved, a)));
      }
      sse.done();
    } catch (IOException e) {
      log.debug("client left before the end of a streamed answer: {}", e.toString());
    }
  }

  private Answer answer(ContextResolver.Resolved resolved, GenerationParams params, TextSink sink) {
    Answer a;
    try {
      a = services.backend().answer(resolved.question(), params, sink);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, e.getMessage());
    }
    return a;
  }

  private Usage usage(ContextResolver.Resolved resolved, Answer a) {
    Usage u =
        new Usage(
            a.promptTokens(),
            a.completionTokens(),
            Math.max(0, resolved.original().applyAsLong(a)),
            a.innerMergedTokens());
    services
        .metrics()
        .answered(
            resolved.label(),
            u.promptTokens(),
            u.originalPromptTokens(),
            u.completionTokens(),
            u.innerMergedTokens());
    return u;
  }

  private byte[] bytes(ObjectNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
