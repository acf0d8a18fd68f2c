package io.tokenprune.reducer.stream;

import io.tokenprune.inference.vision.EncodedFrame;
import io.tokenprune.reducer.frame.BadFrameException;
import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.VideoFrame;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Pass-through reduction: every frame becomes its own CompactSegment holding all N of its tokens.
 * It is the baseline the HoliTom processor is measured against (same decode and encode cost, no
 * pruning), and the first end-to-end slice.
 */
final class PerFrameProcessor implements Processor<String, byte[], String, SpecificRecord> {
  private final FrameTokens frames;
  private final TensorDtype dtype;
  private ProcessorContext<String, SpecificRecord> context;

  PerFrameProcessor(FrameTokens frames, TensorDtype dtype) {
    this.frames = frames;
    this.dtype = dtype;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("?");
    try {
      VideoFrame frame = frames.parse(topic, record.value());
      EncodedFrame enc = frames.encode(frame);
      int n = enc.patches();
      int[] positions = new int[n * 2];
      for (int p = 0; p < n; p++) {
        positions[2 * p + 1] = p; // frame offset 0, patch p
      }
      byte[] kinds = new byte[n];
      Arrays.fill(kinds, (byte) 1); // every token kept as dynamic
      CompactSegment seg =
          CompactSegment.newBuilder()
              .setStreamId(frame.getStreamId())
              .setSegmentIndex(frame.getSeq())
              .setFirstSeq(frame.getSeq())
              .setLastSeq(frame.getSeq())
              .setStartPtsMicros(frame.getPtsMicros())
              .setEndPtsMicros(frame.getPtsMicros())
              .setDim(enc.dim())
              .setDtype(dtype)
              .setTokenCount(n)
              .setOriginalTokenCount(n)
              .setTokens(ByteBuffer.wrap(TensorCodec.encode(enc.tokens(), dtype)))
              .setPositions(ByteBuffer.wrap(TensorCodec.encodeInts(positions)))
              .setKinds(ByteBuffer.wrap(kinds))
              .setPolicyVersion(0)
              .build();
      context.forward(record.withValue((SpecificRecord) seg), ReducerTopology.COMPACT_SINK);
    } catch (BadFrameException e) {
      context.forward(
          record.withValue(
              (SpecificRecord) DeadLetters.of(context, e.getMessage(), record.value())),
          ReducerTopology.DLQ_SINK);
    }
  }
}
