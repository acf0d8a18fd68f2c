package io.tokenprune.reducer.holitom;

/**
 * One segment's kept tokens. Token i is {@code tokens[i*D, (i+1)*D)}, from frame {@code
 * frameOffsets[i]} (relative to the segment's first frame) at patch {@code patchIndices[i]}. A
 * static token merges its position over the whole segment: its frame offset is 0 and its patch is
 * its cluster centre's position. Order: static tokens by position, then each frame's dynamic
 * tokens, frame by frame, by position.
 *
 * @param tokens {@code [M, D]}
 * @param frameOffsets {@code [M]}
 * @param patchIndices {@code [M]}
 * @param kinds {@code [M]}: {@link #STATIC} or {@link #DYNAMIC}
 * @param originalTokenCount the segment's frames times N
 * @param dim D
 */
public record CompressedSegment(
    float[] tokens,
    int[] frameOffsets,
    int[] patchIndices,
    byte[] kinds,
    int originalTokenCount,
    int dim) {
  public static final byte STATIC = 0;
  public static final byte DYNAMIC = 1;

  public CompressedSegment {
    int m = kinds.length;
    if (frameOffsets.length != m || patchIndices.length != m || tokens.length != m * dim) {
      throw new IllegalArgumentException(
          "inconsistent lengths: tokens="
              + tokens.length
              + ", frameOffsets="
              + frameOffsets.length
              + ", patchIndices="
              + patchIndices.length
              + ", kinds="
              + m
              + ", dim="
              + dim);
    }
  }

  /** M, the number of kept tokens. */
  public int tokenCount() {
    return kinds.length;
  }
}
