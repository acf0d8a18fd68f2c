package io.tokenprune.ingest.video;

/**
 * Picks frames at a fixed rate from a stream of presentation timestamps: for sample times {@code
 * t_k = t_0 + round(k * 1e6 / fps)} microseconds, k = 0, 1, 2, ..., it accepts the first frame at
 * or after each t_k, where t_0 is the first frame's timestamp (streams need not start at 0). A
 * frame that reaches past several sample times (a gap in the source, or frames skipped as corrupt)
 * is accepted once, and sampling resumes at the first t_k after it, so a 10 s clip at 1 fps gives
 * exactly 10 frames whatever its source frame rate. Timestamps that go backwards are never
 * accepted.
 *
 * <p>Stateful; one per stream.
 */
public final class FrameSampler {
  private final double microsPerSample;
  private boolean started;
  private long origin;
  private long next; // index k of the next sample time to fill

  public FrameSampler(double fps) {
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("fps must be positive and finite, got " + fps);
    }
    this.microsPerSample = 1_000_000.0 / fps;
  }

  /** Whether the frame at {@code ptsMicros} is the next sample; call once per frame, in order. */
  public boolean accept(long ptsMicros) {
    if (!started) {
      started = true;
      origin = ptsMicros;
      next = 1;
      return true;
    }
    if (ptsMicros < sampleTime(next)) {
      return false;
    }
    // First k whose sample time lies after this frame: estimate, then correct for rounding.
    long k = (long) Math.floor((ptsMicros - origin) / microsPerSample) + 1;
    while (sampleTime(k) <= ptsMicros) {
      k++;
    }
    while (k - 1 > next && sampleTime(k - 1) > ptsMicros) {
      k--;
    }
    next = k;
    return true;
  }

  /** The k-th sample time in microseconds. */
  long sampleTime(long k) {
    return origin + Math.round(k * microsPerSample);
  }
}
