package io.tokenprune.reducer.window;

import java.nio.ByteBuffer;

/**
 * What the reducer remembers about one stream between frames (kept in a changelogged store).
 *
 * @param nextSegmentIndex index the next emitted segment gets
 * @param lastEmittedSeq highest seq covered by an emitted segment; -1 before the first. A frame at
 *     or below it is late and goes to the DLQ
 * @param buffered frames in the window buffer, carried ones included
 * @param carried frames carried over from the last flush; the next flush comes when {@code buffered
 *     - carried} reaches windowFrames
 * @param lastFrameWallMillis wall-clock time the last frame arrived (for the idle flush)
 */
public record StreamState(
    long nextSegmentIndex,
    long lastEmittedSeq,
    int buffered,
    int carried,
    long lastFrameWallMillis) {

  public static StreamState fresh() {
    return new StreamState(0, -1, 0, 0, 0);
  }

  public StreamState withFrame(long wallMillis) {
    return new StreamState(nextSegmentIndex, lastEmittedSeq, buffered + 1, carried, wallMillis);
  }

  /** Frames that arrived since the last flush. */
  public int newFrames() {
    return buffered - carried;
  }

  public StreamState afterFlush(int segments, long lastSeq, int remaining) {
    return new StreamState(
        nextSegmentIndex + segments,
        segments > 0 ? lastSeq : lastEmittedSeq,
        remaining,
        remaining,
        lastFrameWallMillis);
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(32)
        .putLong(nextSegmentIndex)
        .putLong(lastEmittedSeq)
        .putInt(buffered)
        .putInt(carried)
        .putLong(lastFrameWallMillis)
        .array();
  }

  public static StreamState fromBytes(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new StreamState(buf.getLong(), buf.getLong(), buf.getInt(), buf.getInt(), buf.getLong());
  }
}
