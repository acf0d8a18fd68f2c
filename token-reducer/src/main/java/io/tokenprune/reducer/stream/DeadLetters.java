package io.tokenprune.reducer.stream;

import io.tokenprune.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds DeadLetter records that say where a rejected record came from and why. */
final class DeadLetters {
  private DeadLetters() {}

  static DeadLetter of(ProcessorContext<?, ?> context, String reason, byte[] payload) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    return DeadLetter.newBuilder()
        .setSourceTopic(meta.map(RecordMetadata::topic).orElse("?"))
        .setPartition(meta.map(RecordMetadata::partition).orElse(-1))
        .setOffset(meta.map(RecordMetadata::offset).orElse(-1L))
        .setError(reason)
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setTimestampMillis(System.currentTimeMillis())
        .build();
  }
}
