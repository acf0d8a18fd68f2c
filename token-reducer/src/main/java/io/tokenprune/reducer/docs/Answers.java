package io.tokenprune.reducer.docs;

import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.Selection;
import io.tokenprune.reducer.docs.select.SelectionSpec;
import io.tokenprune.schemas.CompactContext;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.DeadLetter;
import io.tokenprune.schemas.policy.EffectivePolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a question about a complete document into a {@code CompactContext}, and every failure into
 * an error {@code CompactContext} (to the asker) or a {@code DeadLetter} (for a record nobody waits
 * on). Shared by the chunk processor (which answers the questions a completed document unblocks)
 * and the request processor.
 */
final class Answers {
  private static final Logger log = LoggerFactory.getLogger(Answers.class);

  /** Header naming the topic an answer goes to; read by {@link DocumentTopology}'s sink. */
  static final String REPLY_TOPIC_HEADER = "tokenprune.reply-topic";

  private final ProcessorContext<String, SpecificRecord> context;
  private final DocumentStores stores;
  private final DocumentSelector selector;
  private final Function<String, EffectivePolicy> policies;
  private final DocumentMetrics metrics;
  private final String modelId;

  Answers(
      ProcessorContext<String, SpecificRecord> context,
      DocumentStores stores,
      DocumentSelector selector,
      Function<String, EffectivePolicy> policies,
      DocumentMetrics metrics) {
    this.context = context;
    this.stores = stores;
    this.selector = selector;
    this.policies = policies;
    this.metrics = metrics;
    this.modelId = String.valueOf(selector.runtime().dir().getFileName());
  }

  /** Selects for a request whose document is complete; any failure becomes an error answer. */
  void select(ContextRequest request, DocumentHeader header) {
    String docId = request.getDocId();
    EffectivePolicy policy = policies.apply(docId);
    Selection sel;
    try {
      int topK = request.getTopK() != null ? request.getTopK() : policy.topK();
      if (topK < 1) {
        throw new IllegalArgumentException("topK must be >= 1, got " + topK);
      }
      SelectionSpec spec =
          new SelectionSpec(
              selector.layer(policy.filterLayer()),
              topK,
              policy.poolKernel(),
              policy.granularity());
      sel =
          selector.select(
              docId,
              header.chunkCount(),
              stores.chunks(docId, header.chunkCount()),
              request.getQuestion(),
              spec);
    } catch (IllegalArgumentException e) {
      error(request, e.getMessage() != null ? e.getMessage() : e.toString());
      return;
    } catch (RuntimeException e) {
      // an engine failure (out of memory on a huge prompt, say) would fail again on every retry:
      // answer it rather than stop the stream thread on the same record forever
      log.warn("selection for request {} of document {} failed", request.getRequestId(), docId, e);
      error(request, "selection failed: " + e);
      return;
    }
    CompactContext out =
        CompactContext.newBuilder()
            .setRequestId(request.getRequestId())
            .setDocId(docId)
            .setTokenIds(boxed(sel.tokenIds()))
            .setOriginalPositions(boxed(sel.positions()))
            .setOriginalLength(sel.originalLength())
            .setFilterLayer(sel.filterLayer())
            .setSelectMillis(sel.timings().total() / 1_000_000)
            .setModelId(modelId)
            .setPolicyVersion(policy.version())
            .setText(sel.text())
            .setError(null)
            .build();
    metrics.answered(sel.cacheHit(), sel.timings().total() / 1e6, selector.cache().stats());
    send(request, out);
  }

  /** An error answer: the asker learns why, never silence. */
  void error(ContextRequest request, String reason) {
    CompactContext out =
        CompactContext.newBuilder()
            .setRequestId(request.getRequestId())
            .setDocId(request.getDocId())
            .setModelId(modelId)
            .setPolicyVersion(policies.apply(request.getDocId()).version())
            .setText(null)
            .setError(reason)
            .build();
    metrics.error();
    send(request, out);
  }

  void deadLetter(String key, String reason, byte[] payload) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    DeadLetter dl =
        DeadLetter.newBuilder()
            .setSourceTopic(meta.map(RecordMetadata::topic).orElse("?"))
            .setPartition(meta.map(RecordMetadata::partition).orElse(-1))
            .setOffset(meta.map(RecordMetadata::offset).orElse(-1L))
            .setError(reason)
            .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
            .setTimestampMillis(context.currentSystemTimeMs())
            .build();
    metrics.deadLettered();
    context.forward(
        new Record<String, SpecificRecord>(key, dl, context.currentSystemTimeMs()),
        DocumentTopology.DLQ_SINK);
  }

  private void send(ContextRequest request, CompactContext out) {
    RecordHeaders headers = new RecordHeaders();
    if (request.getReplyTopic() != null) {
      headers.add(REPLY_TOPIC_HEADER, request.getReplyTopic().getBytes(StandardCharsets.UTF_8));
    }
    context.forward(
        new Record<String, SpecificRecord>(
            request.getRequestId(), out, context.currentSystemTimeMs(), headers),
        DocumentTopology.CONTEXT_SINK);
  }

  private static List<Integer> boxed(int[] a) {
    return Arrays.stream(a).boxed().collect(Collectors.toList());
  }
}
