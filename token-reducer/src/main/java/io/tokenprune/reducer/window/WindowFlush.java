package io.tokenprune.reducer.window;

import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.holitom.HoliTom;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.holitom.Segment;
import io.tokenprune.reducer.holitom.WindowPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what one flush of a stream's window buffer emits (DESIGN.md, "We process an unbounded
 * stream"), with no Kafka in sight:
 *
 * <ul>
 *   <li>the buffered frames, sorted by seq, are cut into runs at every gap in seq: a gap closes the
 *       segment, so no segment spans missing frames;
 *   <li>each run is planned with HoliTom (its own DP and budget r');
 *   <li>every segment is emitted, except the last segment of the last run when the flush is not
 *       final: it may go on, so its frames carry into the next window. The carry is bounded by
 *       maxWindow frames, because no segment is longer.
 * </ul>
 */
public final class WindowFlush {
  private WindowFlush() {}

  /** One segment to emit, with the frames it covers (for seqs and timestamps). */
  public record Emitted(List<BufferedFrame> frames, CompressedSegment segment) {
    public long firstSeq() {
      return frames.get(0).seq();
    }

    public long lastSeq() {
      return frames.get(frames.size() - 1).seq();
    }
  }

  /**
   * @param emitted in seq order
   * @param carried the frames left in the buffer, in seq order
   */
  public record Result(List<Emitted> emitted, List<BufferedFrame> carried) {}

  /**
   * @param frames the buffer, sorted by seq, all of one stream with the same N and D
   * @param fin emit everything (end of stream, or idle)
   */
  public static Result flush(List<BufferedFrame> frames, HoliTomParams params, boolean fin) {
    List<Emitted> out = new ArrayList<>();
    List<BufferedFrame> carried = List.of();
    List<List<BufferedFrame>> runs = runs(frames);
    for (int r = 0; r < runs.size(); r++) {
      List<BufferedFrame> run = runs.get(r);
      boolean lastRun = r == runs.size() - 1;
      BufferedFrame first = run.get(0);
      List<float[]> tokens = new ArrayList<>(run.size());
      List<float[]> saliency = new ArrayList<>(run.size());
      for (BufferedFrame f : run) {
        tokens.add(f.tokens());
        saliency.add(f.saliency());
      }
      WindowPlan plan = HoliTom.plan(tokens, first.n(), first.d(), params);
      List<Segment> segments = plan.segments();
      int emit = lastRun && !fin ? segments.size() - 1 : segments.size();
      for (int i = 0; i < emit; i++) {
        Segment s = segments.get(i);
        out.add(
            new Emitted(
                List.copyOf(run.subList(s.start(), s.end() + 1)),
                HoliTom.compress(plan, tokens, saliency, s)));
      }
      if (emit < segments.size()) {
        carried = List.copyOf(run.subList(plan.lastSegment().start(), run.size()));
      }
    }
    return new Result(out, carried);
  }

  /** Splits seq-sorted frames into maximal runs of consecutive seqs. */
  static List<List<BufferedFrame>> runs(List<BufferedFrame> frames) {
    List<List<BufferedFrame>> runs = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= frames.size(); i++) {
      if (i == frames.size() || frames.get(i).seq() != frames.get(i - 1).seq() + 1) {
        runs.add(frames.subList(start, i));
        start = i;
      }
    }
    return runs;
  }
}
