package io.tokenprune.reducer.docs;

import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.reducer.docs.select.TokenizedText;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.DocumentChunk;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.serde.AvroSerde;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accumulates {@code tp.docs} chunks per docId. Each chunk is stored, its tokens counted against
 * the bound (the policy's maxDocumentTokens, and the model's context), and, once every chunk before
 * it is in, prefilled into the prefix cache at the document's filter layer. Chunks out of order
 * wait in the store until the gap closes. The chunk that completes a document answers the questions
 * that were waiting for it.
 *
 * <p>To the DLQ, with the reason: a record that is not a DocumentChunk or is keyed by another id, a
 * duplicate or conflicting chunk, the chunk that takes a document past its bound (the document is
 * then rejected: its chunks are deleted and every question about it gets an error), and any later
 * chunk of a rejected or completed document.
 */
final class ChunkProcessor implements Processor<String, byte[], String, SpecificRecord> {
  private static final Logger log = LoggerFactory.getLogger(ChunkProcessor.class);

  private final SharedSelector shared;
  private final Function<String, EffectivePolicy> policies;
  private final AvroSerde<DocumentChunk> chunkSerde = RecordSerdes.documentChunk();
  private final AvroSerde<ContextRequest> requestSerde = RecordSerdes.contextRequest();
  private DocumentSelector selector;
  private DocumentStores stores;
  private Answers answers;

  ChunkProcessor(SharedSelector shared, Function<String, EffectivePolicy> policies) {
    this.shared = shared;
    this.policies = policies;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.selector = shared.acquire();
    this.stores = new DocumentStores(context);
    DocumentMetrics metrics = new DocumentMetrics(context.metrics(), context.taskId().toString());
    this.answers = new Answers(context, stores, selector, policies, metrics);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    DocumentChunk chunk;
    try {
      if (record.value() == null) {
        throw new SerializationException("null chunk value");
      }
      chunk = chunkSerde.deserialize(null, record.value());
    } catch (SerializationException e) {
      answers.deadLetter(record.key(), "not a DocumentChunk: " + e.getMessage(), record.value());
      return;
    }
    String docId = chunk.getDocId();
    String problem = checkIdentity(record.key(), chunk);
    if (problem != null) {
      answers.deadLetter(record.key(), problem, record.value());
      return;
    }
    DocumentHeader header = stores.header(docId);
    header = header == null ? DocumentHeader.EMPTY : header;
    problem = checkPlace(header, chunk);
    if (problem != null) {
      answers.deadLetter(docId, problem, record.value());
      return;
    }
    String text = chunk.getText();
    TokenizedText tokens = selector.tokenize(text);
    EffectivePolicy policy = policies.apply(docId);
    long total = header.tokens() + tokens.length();
    if (total > policy.maxDocumentTokens() || total > selector.documentRoom()) {
      reject(docId, header, total, policy, record.value());
      return;
    }
    stores.putChunk(docId, chunk.getSeq(), text);
    header = header.withChunk(chunk.getSeq(), chunk.getLast(), tokens.length());
    header = applyInOrder(docId, header, chunk, tokens);
    stores.putHeader(docId, header);
    if (header.complete()) {
      for (DocumentStores.Waiting w : stores.waiting(docId)) {
        stores.removeWaiting(w.key());
        answers.select(requestSerde.deserialize(null, w.request()), header);
      }
    }
  }

  /** Hands chunks applied.. to the prefix cache while they are all stored, in seq order. */
  private DocumentHeader applyInOrder(
      String docId, DocumentHeader header, DocumentChunk chunk, TokenizedText tokens) {
    int layer;
    try {
      layer = selector.layer(policies.apply(docId).filterLayer());
    } catch (IllegalArgumentException e) {
      layer = -1; // the policy names a layer the model lacks; questions will say so
    }
    int next = header.applied();
    while (next <= header.maxSeq()) {
      boolean current = next == chunk.getSeq();
      String text = current ? chunk.getText() : stores.chunk(docId, next);
      if (text == null) {
        break; // a gap: wait for the missing chunk
      }
      if (layer >= 0) {
        try {
          selector.appendChunk(
              docId, layer, next, text, current ? tokens : selector.tokenize(text));
        } catch (RuntimeException e) {
          log.warn(
              "prefill of document {} chunk {} failed; its questions will recompute",
              docId,
              next,
              e);
          selector.forget(docId);
          layer = -1;
        }
      }
      next++;
    }
    return header.withApplied(next);
  }

  private void reject(
      String docId, DocumentHeader header, long total, EffectivePolicy policy, byte[] payload) {
    String reason =
        total > policy.maxDocumentTokens()
            ? "document "
                + docId
                + " has at least "
                + total
                + " tokens, over maxDocumentTokens "
                + policy.maxDocumentTokens()
            : "document "
                + docId
                + " has at least "
                + total
                + " tokens, more than the model's context leaves room for ("
                + selector.documentRoom()
                + ")";
    stores.deleteChunks(docId, header.maxSeq());
    stores.putHeader(docId, header.rejected(reason, total));
    selector.forget(docId);
    answers.deadLetter(docId, reason, payload);
    for (DocumentStores.Waiting w : stores.waiting(docId)) {
      stores.removeWaiting(w.key());
      answers.error(requestSerde.deserialize(null, w.request()), reason);
    }
  }

  private static String checkIdentity(String key, DocumentChunk chunk) {
    String docId = chunk.getDocId();
    if (docId.isEmpty() || docId.indexOf('\u0000') >= 0) {
      return "docId must be non-empty and free of NUL characters, got '" + docId + "'";
    }
    if (!docId.equals(key)) {
      return "record key '"
          + key
          + "' is not the chunk's docId '"
          + docId
          + "': chunks must be keyed by docId so one task owns each document";
    }
    if (chunk.getSeq() < 0) {
      return "chunk seq must be >= 0, got " + chunk.getSeq() + " for document " + docId;
    }
    return null;
  }

  /** Why this chunk cannot join the document now, or null. */
  private String checkPlace(DocumentHeader h, DocumentChunk chunk) {
    String docId = chunk.getDocId();
    int seq = chunk.getSeq();
    if (h.error() != null) {
      return "chunk " + seq + " of rejected document " + docId + ": " + h.error();
    }
    if (h.lastSeq() >= 0 && seq > h.lastSeq()) {
      return "chunk " + seq + " of document " + docId + " is past its last chunk " + h.lastSeq();
    }
    if (chunk.getLast() && seq < h.maxSeq()) {
      return "chunk "
          + seq
          + " of document "
          + docId
          + " is marked last, but chunk "
          + h.maxSeq()
          + " is already stored";
    }
    if (seq < h.applied() || stores.chunk(docId, seq) != null) {
      return "duplicate chunk: seq " + seq + " of document " + docId + " is already stored";
    }
    return null;
  }

  @Override
  public void close() {
    if (selector != null) {
      selector = null;
      shared.release();
    }
  }
}
