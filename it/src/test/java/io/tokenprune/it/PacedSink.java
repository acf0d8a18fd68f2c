package io.tokenprune.it;

import io.tokenprune.ingest.RecordSink;

/**
 * Sends at a fixed pace, like a live camera, instead of as fast as the producer can: a stream in a
 * test then spans seconds of wall time, long enough to crash a consumer in the middle of it.
 */
final class PacedSink<V> implements RecordSink<V> {
  private final RecordSink<V> delegate;
  private final long intervalNanos;
  private long next = System.nanoTime();

  PacedSink(RecordSink<V> delegate, long intervalMillis) {
    this.delegate = delegate;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  @Override
  public void send(String key, V value) {
    long wait = next - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing", e);
      }
    }
    next = Math.max(next, System.nanoTime()) + intervalNanos;
    delegate.send(key, value);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
