package io.tokenprune.reducer.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the frame buffer store: the stream id's UTF-8 bytes, a 0 byte, then seq as a big-endian
 * u64 with the sign bit flipped, so RocksDB's byte order is (stream, seq) order and one stream's
 * frames are one contiguous range.
 */
final class FrameKey {
  private FrameKey() {}

  static Bytes of(String streamId, long seq) {
    byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(id.length + 9)
            .put(id)
            .put((byte) 0)
            .putLong(seq ^ Long.MIN_VALUE)
            .array());
  }

  /** First key of the stream's range. */
  static Bytes first(String streamId) {
    return of(streamId, Long.MIN_VALUE);
  }

  /** Last key of the stream's range. */
  static Bytes last(String streamId) {
    return of(streamId, Long.MAX_VALUE);
  }

  static long seqOf(Bytes key) {
    byte[] k = key.get();
    return ByteBuffer.wrap(k, k.length - 8, 8).getLong() ^ Long.MIN_VALUE;
  }
}
