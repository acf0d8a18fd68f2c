package io.tokenprune.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.api.ChatRequest;
import io.tokenprune.gateway.api.ContextRef;
import io.tokenprune.gateway.backend.Answer;
import io.tokenprune.gateway.backend.InnerMergeSettings;
import io.tokenprune.gateway.backend.Question;
import io.tokenprune.gateway.docs.ContextClient;
import io.tokenprune.gateway.docs.SelectedContext;
import io.tokenprune.gateway.docs.SelectionErrors;
import io.tokenprune.gateway.video.VisualSpan;
import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.policy.EffectivePolicy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Turns a chat request's {@code tokenprune} field into the backend's question: a document's
 * GemFilter selection through request-reply, or a stream's compact tokens from memory with the
 * stream's inner-merge policy. Also writes the response's {@code tokenprune} block, with the
 * policyVersion each part was made under.
 */
final class ContextResolver {
  private final GatewayServices services;
  private final ObjectMapper json;

  ContextResolver(GatewayServices services, ObjectMapper json) {
    this.services = services;
    this.json = json;
  }

  /**
   * A request's question and what to report about its context.
   *
   * @param label none, document or video: the metrics label
   * @param original prompt tokens without pruning, given how the backend took the pruned prompt
   * @param report the response's tokenprune block, or null for a request without context
   */
  record Resolved(
      Question question,
      String label,
      ToLongFunction<Answer> original,
      Function<Answer, ObjectNode> report) {}

  Resolved resolve(ChatRequest request) {
    if (request.context().isEmpty()) {
      return new Resolved(
          new Question.Plain(request.messages()), "none", Answer::promptTokens, a -> null);
    }
    ContextRef ref = request.context().get();
    if (ref instanceof ContextRef.Document d) {
      return document(request, d);
    }
    return video(request, (ContextRef.Video) ref);
  }

  private Resolved document(ChatRequest request, ContextRef.Document ref) {
    ContextClient client =
        services
            .documents()
            .orElseThrow(
                () ->
                    ApiException.unavailable(
                        "document questions need Kafka, and this gateway runs without it"));
    long t0 = System.nanoTime();
    CompactContext reply;
    try {
      reply = client.select(ref.id(), request.question(), ref.topK()).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        services.metrics().selection("timeout", seconds(t0));
        throw ApiException.timeout(
            "selection_timeout",
            "context selection for document "
                + ref.id()
                + " did not answer within "
                + client.timeout().toMillis()
                + " ms");
      }
      services.metrics().selection("failed", seconds(t0));
      throw ApiException.unavailable("cannot request a context selection: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for the context selection");
    }
    if (reply.getError() != null) {
      services.metrics().selection("error", seconds(t0));
      throw SelectionErrors.of(ref.id(), reply.getError());
    }
    services.metrics().selection("ok", seconds(t0));
    SelectedContext ctx = SelectedContext.of(reply);
    return new Resolved(
        new Question.Document(request.messages(), ctx),
        "document",
        a -> ctx.originalLength(),
        a -> {
          ObjectNode n = json.createObjectNode();
          n.put("context", "document");
          n.put("document", ctx.docId());
          n.put("request_id", ctx.requestId());
          n.put("selected_tokens", ctx.size());
          n.put("original_tokens", ctx.originalLength());
          n.put("filter_layer", ctx.filterLayer());
          n.put("select_ms", ctx.selectMillis());
          n.put("selection_model", ctx.modelId());
          n.put("policy_version", ctx.policyVersion());
          return n;
        });
  }

  private Resolved video(ChatRequest request, ContextRef.Video ref) {
    VisualSpan span =
        services
            .streams()
            .window(ref.id(), ref.lastSeconds())
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "stream_not_found",
                        "tokenprune.video_stream",
                        "unknown video stream "
                            + ref.id()
                            + ": the gateway holds no segment of it (see GET /v1/streams)"));
    services
        .backend()
        .visualRefusal(span.dim())
        .ifPresent(
            reason -> {
              throw ApiException.badRequest("tokenprune.video_stream", reason);
            });
    EffectivePolicy policy = services.policies().resolve(ref.id());
    InnerMergeSettings merge =
        new InnerMergeSettings(policy.innerLayer(), policy.innerRatio(), policy.version());
    return new Resolved(
        new Question.Video(request.messages(), span, merge),
        "video",
        a -> a.promptTokens() - span.count() + span.originalTokens(),
        a -> {
          ObjectNode n = json.createObjectNode();
          n.put("context", "video");
          n.put("video_stream", span.streamId());
          n.put("segments", span.segments());
          n.put("first_seq", span.firstSeq());
          n.put("last_seq", span.lastSeq());
          n.put("start_pts_micros", span.startPtsMicros());
          n.put("end_pts_micros", span.endPtsMicros());
          n.put("visual_tokens", span.count());
          n.put("original_visual_tokens", span.originalTokens());
          ArrayNode versions = n.putArray("segment_policy_versions");
          span.segmentPolicyVersions().forEach(versions::add);
          ObjectNode m = n.putObject("inner_merge");
          m.put("layer", merge.layer());
          m.put("ratio", merge.ratio());
          m.put("merged_tokens", a.innerMergedTokens());
          m.put("kv_cache_tokens", a.kvCacheLength());
          m.put("policy_version", merge.policyVersion());
          n.put("policy_version", merge.policyVersion());
          return n;
        });
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
