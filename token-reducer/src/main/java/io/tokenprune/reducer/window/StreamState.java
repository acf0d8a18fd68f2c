package io.tokenprune.reducer.window;

import java.nio.ByteBuffer;

/**
 * What the reducer remembers about one stream between frames (kept in a changelogged store).
 *
 * @param nextSegmentIndex index the next emitted segment gets
 * @param lastEmittedSeq highest seq covered by an emitted segment; -1 before the first
 * @param buffered frames currently in the window buffer
 * @param lastFrameWallMillis wall-clock time the last frame arrived (for the idle flush)
 * @param ended whether the end-of-stream frame has been seen and flushed
 */
public record StreamState(
    long nextSegmentIndex, long lastEmittedSeq, int buffered, long lastFrameWallMillis, boolean ended) {

  public static StreamState fresh() {
    return new StreamState(0, -1, 0, 0, false);
  }

  public StreamState withFrame(long wallMillis) {
    return new StreamState(nextSegmentIndex, lastEmittedSeq, buffered + 1, wallMillis, ended);
  }

  public StreamState afterEmit(int segments, long lastSeq, int remaining, boolean nowEnded) {
    return new StreamState(
        nextSegmentIndex + segments, lastSeq, remaining, lastFrameWallMillis, nowEnded);
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(29)
        .putLong(nextSegmentIndex)
        .putLong(lastEmittedSeq)
        .putInt(buffered)
        .putLong(lastFrameWallMillis)
        .put((byte) (ended ? 1 : 0))
        .array();
  }

  public static StreamState fromBytes(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new StreamState(buf.getLong(), buf.getLong(), buf.getInt(), buf.getLong(), buf.get() == 1);
  }
}
