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
 * @param n tokens per frame of the buffered frames (0 when the buffer is empty)
 * @param d token dimension of the buffered frames (0 when the buffer is empty)
 */
public record StreamState(
    long nextSegmentIndex,
    long lastEmittedSeq,
    int buffered,
    int carried,
    long lastFrameWallMillis,
    int n,
    int d) {

  public static StreamState fresh() {
    return new StreamState(0, -1, 0, 0, 0, 0, 0);
  }

  /** A frame of N x D tokens joined the buffer. */
  public StreamState withFrame(long wallMillis, int frameN, int frameD) {
    return new StreamState(
        nextSegmentIndex, lastEmittedSeq, buffered + 1, carried, wallMillis, frameN, frameD);
  }

  /** Whether a frame of N x D tokens may join the buffer: a window holds frames of one shape. */
  public boolean accepts(int frameN, int frameD) {
    return buffered == 0 || (n == frameN && d == frameD);
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
        lastFrameWallMillis,
        remaining == 0 ? 0 : n,
        remaining == 0 ? 0 : d);
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(40)
        .putLong(nextSegmentIndex)
        .putLong(lastEmittedSeq)
        .putInt(buffered)
        .putInt(carried)
        .putLong(lastFrameWallMillis)
        .putInt(n)
        .putInt(d)
        .array();
  }

  public static StreamState fromBytes(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new StreamState(
        buf.getLong(),
        buf.getLong(),
        buf.getInt(),
        buf.getInt(),
        buf.getLong(),
        buf.getInt(),
        buf.getInt());
  }
}
