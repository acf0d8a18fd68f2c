package io.tokenprune.reducer.holitom;

/**
 * A run of frames [start, end], both inclusive, relative to the window the plan was made for.
 *
 * @param start first frame
 * @param end last frame, >= start
 */
public record Segment(int start, int end) {
  public Segment {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "segment must have 0 <= start <= end, got [" + start + ", " + end + "]");
    }
  }

  public int length() {
    return end - start + 1;
  }
}
