package io.tokenprune.reducer.docs;

import io.tokenprune.schemas.policy.EffectivePolicy;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The document path, added to the reducer's topology:
 *
 * <pre>
 * tp.docs (raw bytes)        -> doc-chunks   --+-- doc-headers, doc-chunks, doc-pending stores
 * tp.qa.requests (raw bytes) -> doc-requests --+
 *                                   |-> tp.context.compact, or the request's replyTopic
 *                                   \-> tp.dlq
 * </pre>
 *
 * Both sources feed one sub-topology (they share the stores), so tp.docs and tp.qa.requests must
 * have the same partition count: a document and the questions about it, keyed by the same docId,
 * then land in the same task. Values are read as raw bytes so that a corrupt record reaches the DLQ
 * instead of stopping the stream thread. A replyTopic must exist: the sink does not create it.
 */
public final class DocumentTopology {
  static final String CHUNKS_SOURCE = "doc-chunks-source";
  static final String REQUESTS_SOURCE = "doc-requests-source";
  static final String CHUNKS = "doc-chunks";
  static final String REQUESTS = "doc-requests";
  static final String CONTEXT_SINK = "doc-context-sink";
  static final String DLQ_SINK = "doc-dlq-sink";

  private DocumentTopology() {}

  /** Adds the document path with a model loaded from {@code settings.modelDir()}. */
  public static void addTo(
      Topology t,
      TopicNames topics,
      Function<String, EffectivePolicy> policies,
      DocumentSettings settings) {
    addTo(t, topics, policies, settings, SharedSelector.loading(settings));
  }

  /**
   * Adds the document path with a given selector source; {@code settings} supplies the waiting
   * rules (its model fields are not read when the selector is borrowed).
   */
  public static void addTo(
      Topology t,
      TopicNames topics,
      Function<String, EffectivePolicy> policies,
      DocumentSettings settings,
      SharedSelector selector) {
    t.addSource(
        CHUNKS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.docs());
    t.addSource(
        REQUESTS_SOURCE,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        topics.qaRequests());
    t.addProcessor(CHUNKS, () -> new ChunkProcessor(selector, policies), CHUNKS_SOURCE);
    t.addProcessor(
        REQUESTS,
        () ->
            new RequestProcessor(selector, policies, settings.waitTimeout(), settings.waitCheck()),
        REQUESTS_SOURCE);
    // a chunk is at most 900 KB of UTF-8: leave headroom over the changelog's 1 MB default
    Map<String, String> bigRecords = Map.of("max.message.bytes", String.valueOf(2 * 1024 * 1024));
    for (String store :
        new String[] {DocumentStores.HEADERS, DocumentStores.CHUNKS, DocumentStores.PENDING}) {
      t.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
              .withLoggingEnabled(bigRecords),
          CHUNKS,
          REQUESTS);
    }
    String defaultTopic = topics.contextCompact();
    TopicNameExtractor<String, Object> replyTo =
        (key, value, rc) -> {
          Header h = rc.headers().lastHeader(Answers.REPLY_TOPIC_HEADER);
          return h == null ? defaultTopic : new String(h.value(), StandardCharsets.UTF_8);
        };
    t.addSink(
        CONTEXT_SINK,
        replyTo,
        new StringSerializer(),
        narrow(RecordSerdes.compactContext()),
        CHUNKS,
        REQUESTS);
    t.addSink(
        DLQ_SINK,
        topics.dlq(),
        new StringSerializer(),
        narrow(RecordSerdes.deadLetter()),
        CHUNKS,
        REQUESTS);
  }

  /** The sinks take SpecificRecord values; each sink only ever receives its own type. */
  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> narrow(Serializer<T> s) {
    return (Serializer<Object>) s;
  }
}
