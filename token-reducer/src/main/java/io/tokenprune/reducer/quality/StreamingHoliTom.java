package io.tokenprune.reducer.quality;

import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.holitom.HoliTom;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.holitom.Segment;
import io.tokenprune.reducer.holitom.WindowPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * HoliTom over a whole clip the way the streaming reducer runs it (DESIGN.md, "Video path"): the
 * buffer takes {@code windowFrames} new frames on top of the frames carried over, is planned, and
 * every segment but the last is compressed with that window's r' and emitted; the last segment's
 * frames carry into the next window. At the end of the clip everything left is emitted. The buffer
 * never exceeds the carry (at most maxWindow frames) plus windowFrames.
 */
public final class StreamingHoliTom {
  private StreamingHoliTom() {}

  /**
   * A compressed segment placed in the clip.
   *
   * @param firstFrame the clip index of the segment's first frame
   * @param length frames in the segment
   */
  public record EmittedSegment(int firstFrame, int length, CompressedSegment segment) {}

  /**
   * @param frames T >= 1 frames, each {@code [N, D]}
   * @param saliency one {@code [N]} per frame
   * @return the emitted segments in clip order; they cover frames 0..T-1 exactly once
   */
  public static List<EmittedSegment> run(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      HoliTomParams p,
      int windowFrames) {
    if (windowFrames < 1) {
      throw new IllegalArgumentException("windowFrames must be >= 1, got " + windowFrames);
    }
    if (saliency.size() != frames.size()) {
      throw new IllegalArgumentException(
          "saliency has " + saliency.size() + " frames, expected " + frames.size());
    }
    List<EmittedSegment> out = new ArrayList<>();
    int bufferStart = 0;
    int next = 0;
    while (next < frames.size()) {
      next = Math.min(frames.size(), next + windowFrames);
      boolean endOfClip = next == frames.size();
      List<float[]> window = frames.subList(bufferStart, next);
      List<float[]> windowSaliency = saliency.subList(bufferStart, next);
      WindowPlan plan = HoliTom.plan(window, n, d, p);
      List<Segment> segments = plan.segments();
      int emit = endOfClip ? segments.size() : segments.size() - 1;
      for (int i = 0; i < emit; i++) {
        Segment s = segments.get(i);
        out.add(
            new EmittedSegment(
                bufferStart + s.start(),
                s.length(),
                HoliTom.compress(plan, window, windowSaliency, s)));
      }
      if (!endOfClip) {
        bufferStart += plan.lastSegment().start();
      }
    }
    return out;
  }
}
