package io.tokenprune.reducer.docs;

import io.tokenprune.reducer.docs.select.DocumentSelector;
import io.tokenprune.schemas.ContextRequest;
import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.serde.AvroSerde;
import io.tokenprune.schemas.serde.RecordSerdes;
import java.time.Duration;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Answers {@code tp.qa.requests}, keyed by docId, each with exactly one {@code CompactContext}: the
 * selection when its document is complete; an error for an unknown or rejected document or a bad
 * request; and for a document still missing chunks, nothing yet: the request waits in a
 * changelogged store until the last chunk arrives ({@link ChunkProcessor} answers it then) or until
 * {@code waitTimeout} of wall-clock time passes, when a punctuator answers it with an error.
 *
 * <p>A record that is not a ContextRequest has no requestId to answer under, so it goes to the DLQ.
 */
final class RequestProcessor implements Processor<String, byte[], String, SpecificRecord> {
  private static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";

  private final SharedSelector shared;
  private final Function<String, EffectivePolicy> policies;
  private final Duration waitTimeout;
  private final Duration waitCheck;
  private final AvroSerde<ContextRequest> serde = RecordSerdes.contextRequest();
  private ProcessorContext<String, SpecificRecord> context;
  private DocumentSelector selector;
  private DocumentStores stores;
  private Answers answers;

  RequestProcessor(
      SharedSelector shared,
      Function<String, EffectivePolicy> policies,
      Duration waitTimeout,
      Duration waitCheck) {
    this.shared = shared;
    this.policies = policies;
    this.waitTimeout = waitTimeout;
    this.waitCheck = waitCheck;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.selector = shared.acquire();
    this.stores = new DocumentStores(context);
    DocumentMetrics metrics = new DocumentMetrics(context.metrics(), context.taskId().toString());
    this.answers = new Answers(context, stores, selector, policies, metrics);
    context.schedule(waitCheck, PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    ContextRequest request;
    try {
      if (record.value() == null) {
        throw new SerializationException("null request value");
      }
      request = serde.deserialize(null, record.value());
    } catch (SerializationException e) {
      answers.deadLetter(record.key(), "not a ContextRequest: " + e.getMessage(), record.value());
      return;
    }
    String reply = request.getReplyTopic();
    if (reply != null && !reply.matches(TOPIC_NAME)) {
      request.setReplyTopic(null);
      answers.error(request, "replyTopic '" + reply + "' is not a valid Kafka topic name");
      return;
    }
    String docId = request.getDocId();
    if (!docId.equals(record.key())) {
      answers.error(
          request,
          "request key '"
              + record.key()
              + "' is not its docId '"
              + docId
              + "': requests must be keyed by docId, co-partitioned with the document's chunks");
      return;
    }
    DocumentHeader header = docId.indexOf('\u0000') >= 0 ? null : stores.header(docId);
    if (header == null) {
      answers.error(request, "unknown document '" + docId + "': no chunk of it has arrived");
    } else if (header.error() != null) {
      answers.error(request, header.error());
    } else if (header.complete()) {
      answers.select(request, header);
    } else {
      long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
      stores.addWaiting(docId, offset, context.currentSystemTimeMs(), record.value());
    }
  }

  /** Answers, with an error, every question that has waited waitTimeout or longer. */
  private void expire(long wallMillis) {
    for (DocumentStores.Waiting w : stores.allWaiting()) {
      if (wallMillis - w.arrivalMillis() >= waitTimeout.toMillis()) {
        stores.removeWaiting(w.key());
        DocumentHeader h = stores.header(w.docId());
        answers.error(
            serde.deserialize(null, w.request()),
            "document '"
                + w.docId()
                + "' is incomplete: "
                + describe(h)
                + " after waiting "
                + waitTimeout.toMillis()
                + " ms for its last chunk");
      }
    }
  }

  private static String describe(DocumentHeader h) {
    if (h == null) {
      return "no chunk has arrived";
    }
    return h.lastSeq() < 0
        ? h.applied() + " chunks arrived in order from seq 0, none marked last,"
        : h.applied() + " of its " + (h.lastSeq() + 1) + " chunks arrived in order";
  }

  @Override
  public void close() {
    if (selector != null) {
      selector = null;
      shared.release();
    }
  }
}
