package io.tokenprune.reducer.window;

import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.holitom.HoliTomParams;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole clip through the streaming reducer's code path, without Kafka: frame t becomes the {@link
 * BufferedFrame} of seq t (pts t seconds, tokens rounded to F16 as the stream buffers them), and
 * the buffer is flushed by the window processor's rule, with the same {@link StreamState}
 * accounting: {@link WindowFlush#flush} with {@code fin=false} whenever {@code windowFrames} new
 * frames have arrived since the last flush, keeping the carried frames, and with {@code fin=true}
 * on the last frame, which a stream marks as its end. So a clip reduced here gives the same
 * segments, bit for bit, as the same frames sent through the reducer (without gaps, idle flushes or
 * policy changes).
 *
 * <p>Frames and saliency are read once each, in order, so lazy lists can stream a large file.
 */
public final class OfflineReduction {
  private OfflineReduction() {}

  /**
   * One emitted segment placed in the clip.
   *
   * @param firstFrame clip index of its first frame
   * @param lastFrame clip index of its last frame
   */
  public record ClipSegment(int firstFrame, int lastFrame, CompressedSegment segment) {}

  /**
   * The reduced clip.
   *
   * @param frames T
   * @param segments in clip order, covering frames 0..T-1 exactly once
   */
  public record Result(int frames, int n, int d, List<ClipSegment> segments) {
    public Result {
      segments = List.copyOf(segments);
    }

    /** M, the kept tokens of every segment. */
    public int tokenCount() {
      int m = 0;
      for (ClipSegment s : segments) {
        m += s.segment().tokenCount();
      }
      return m;
    }

    /** {@code [M, D]}: segment by segment, each in {@link CompressedSegment}'s order. */
    public float[] tokens() {
      float[] out = new float[tokenCount() * d];
      int o = 0;
      for (ClipSegment s : segments) {
        float[] t = s.segment().tokens();
        System.arraycopy(t, 0, out, o, t.length);
        o += t.length;
      }
      return out;
    }

    /**
     * {@code [M, 2]}: the clip frame index of each token (a static token's is its segment's first
     * frame) and its patch index.
     */
    public int[] positions() {
      int[] out = new int[2 * tokenCount()];
      int i = 0;
      for (ClipSegment s : segments) {
        CompressedSegment c = s.segment();
        for (int k = 0; k < c.tokenCount(); k++) {
          out[i++] = s.firstFrame() + c.frameOffsets()[k];
          out[i++] = c.patchIndices()[k];
        }
      }
      return out;
    }

    /** {@code [M]}: {@link CompressedSegment#STATIC} (0) or {@link CompressedSegment#DYNAMIC}. */
    public int[] kinds() {
      int[] out = new int[tokenCount()];
      int i = 0;
      for (ClipSegment s : segments) {
        for (byte k : s.segment().kinds()) {
          out[i++] = k;
        }
      }
      return out;
    }

    /** {@code [S, 2]}: each segment's first and last clip frame. */
    public int[] segmentFrames() {
      int[] out = new int[2 * segments.size()];
      for (int s = 0; s < segments.size(); s++) {
        out[2 * s] = segments.get(s).firstFrame();
        out[2 * s + 1] = segments.get(s).lastFrame();
      }
      return out;
    }
  }

  /**
   * Reduces a clip whose saliency is the one {@link PatchEncoder} gives its tokens: each token's
   * distinctiveness within its frame.
   *
   * @param frames T >= 1 frames, each {@code [N, D]}
   */
  public static Result reduce(
      List<float[]> frames, int n, int d, HoliTomParams params, int windowFrames) {
    List<float[]> saliency =
        new AbstractList<>() {
          @Override
          public float[] get(int t) {
            return PatchEncoder.distinctiveness(frames.get(t), n, d);
          }

          @Override
          public int size() {
            return frames.size();
          }
        };
    return reduce(frames, saliency, n, d, params, windowFrames);
  }

  /**
   * @param frames T >= 1 frames, each {@code [N, D]}
   * @param saliency T vectors, each {@code [N]}, no NaN
   * @param windowFrames new frames per flush, >= 1 (the policy's windowFrames)
   */
  public static Result reduce(
      List<float[]> frames,
      List<float[]> saliency,
      int n,
      int d,
      HoliTomParams params,
      int windowFrames) {
    int t = frames.size();
    if (t < 1) {
      throw new IllegalArgumentException("a clip needs at least one frame");
    }
    if (saliency.size() != t) {
      throw new IllegalArgumentException(
          "saliency has " + saliency.size() + " frames, the clip has " + t);
    }
    if (windowFrames < 1) {
      throw new IllegalArgumentException("windowFrames must be >= 1, got " + windowFrames);
    }
    List<ClipSegment> out = new ArrayList<>();
    List<BufferedFrame> buffer = new ArrayList<>();
    StreamState state = StreamState.fresh();
    for (int f = 0; f < t; f++) {
      buffer.add(
          BufferedFrame.of(f, f * 1_000_000L, 0, n, d, frames.get(f), saliency.get(f).clone()));
      state = state.withFrame(0, n, d);
      boolean last = f == t - 1;
      if (last || state.newFrames() >= windowFrames) {
        WindowFlush.Result flushed = WindowFlush.flush(buffer, params, last);
        long lastSeq = state.lastEmittedSeq();
        for (WindowFlush.Emitted e : flushed.emitted()) {
          out.add(new ClipSegment((int) e.firstSeq(), (int) e.lastSeq(), e.segment()));
          lastSeq = e.lastSeq();
        }
        buffer = new ArrayList<>(flushed.carried());
        state = state.afterFlush(flushed.emitted().size(), lastSeq, buffer.size());
      }
    }
    return new Result(t, n, d, out);
  }
}
