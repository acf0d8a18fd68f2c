package io.tokenprune.deploy.bench;

import io.tokenprune.schemas.CompactSegment;
import io.tokenprune.schemas.TensorDtype;
import io.tokenprune.schemas.serde.AvroSerde;
import io.tokenprune.schemas.serde.RecordSerdes;
import io.tokenprune.schemas.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Serde throughput for one token record: a CompactSegment of 196 tokens x 1152 dims (one
 * SigLIP-sized frame) in F16, through TensorCodec and Avro single-object encoding, both ways.
 */
public final class SerdeBench {
  /** Result of one direction. */
  public record Result(String operation, long records, double seconds, int recordBytes) {
    public double recordsPerSecond() {
      return records / seconds;
    }

    public double megabytesPerSecond() {
      return records * (double) recordBytes / seconds / 1e6;
    }
  }

  private SerdeBench() {}

  public static Result[] run(int tokens, int dim, double secondsPerPhase) {
    Random rnd = new Random(1);
    float[] values = new float[tokens * dim];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) rnd.nextGaussian();
    }
    AvroSerde<CompactSegment> serde = RecordSerdes.compactSegment();
    CompactSegment sample = segment(values, tokens, dim);
    int size = serde.serialize("t", sample).length;

    // warm-up, then measure: encode = float[] -> F16 bytes -> Avro; decode = the reverse
    time(() -> serde.serialize("t", segment(values, tokens, dim)), secondsPerPhase / 2);
    long enc = time(() -> serde.serialize("t", segment(values, tokens, dim)), secondsPerPhase);
    byte[] bytes = serde.serialize("t", sample);
    time(() -> decode(serde, bytes), secondsPerPhase / 2);
    long dec = time(() -> decode(serde, bytes), secondsPerPhase);
    return new Result[] {
      new Result("encode (float[] -> F16 -> Avro)", enc, secondsPerPhase, size),
      new Result("decode (Avro -> F16 -> float[])", dec, secondsPerPhase, size)
    };
  }

  private static float[] decode(AvroSerde<CompactSegment> serde, byte[] bytes) {
    CompactSegment s = serde.deserialize("t", bytes);
    return TensorCodec.decode(s.getTokens(), s.getDtype());
  }

  private static CompactSegment segment(float[] values, int tokens, int dim) {
    return CompactSegment.newBuilder()
        .setStreamId("cam-1")
        .setSegmentIndex(0)
        .setFirstSeq(0)
        .setLastSeq(0)
        .setStartPtsMicros(0)
        .setEndPtsMicros(0)
        .setDim(dim)
        .setDtype(TensorDtype.F16)
        .setTokenCount(tokens)
        .setOriginalTokenCount(tokens)
        .setTokens(ByteBuffer.wrap(TensorCodec.encode(values, TensorDtype.F16)))
        .setPositions(ByteBuffer.wrap(new byte[tokens * 8]))
        .setKinds(ByteBuffer.wrap(new byte[tokens]))
        .build();
  }

  /** Runs {@code op} repeatedly for {@code seconds}; returns how many times it ran. */
  private static long time(java.util.function.Supplier<?> op, double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    Object sink = null;
    while (System.nanoTime() < deadline) {
      sink = op.get();
      n++;
    }
    if (sink == null) {
      throw new IllegalStateException("no result");
    }
    return n;
  }
}
