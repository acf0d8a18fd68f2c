package io.tokenprune.inference.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model input: segments of token ids and of ready-made embedding rows (e.g. visual tokens), in
 * order, with optional explicit position ids so tokens kept after pruning keep their original ids.
 * Immutable.
 */
public final class Prompt {
  /** A run of inputs. */
  public sealed interface Segment permits Tokens, Embeddings {
    int length();
  }

  /** Token ids, embedded by the model. */
  public record Tokens(int[] ids) implements Segment {
    public Tokens {
      ids = ids.clone();
    }

    @Override
    public int[] ids() {
      return ids.clone();
    }

    @Override
    public int length() {
      return ids.length;
    }
  }

  /**
   * Rows fed to layer 0 as they are.
   *
   * @param values [count, dim] row-major
   */
  public record Embeddings(float[] values, int count, int dim) implements Segment {
    public Embeddings {
      if (count < 1 || dim < 1 || values.length != (long) count * dim) {
        throw new IllegalArgumentException(
            "embeddings need count x dim = "
                + count
                + " x "
                + dim
                + " values, got "
                + values.length);
      }
      values = values.clone();
    }

    @Override
    public float[] values() {
      return values.clone();
    }

    @Override
    public int length() {
      return count;
    }
  }

  private final List<Segment> segments;
  private final int[] positions; // [T]

  private Prompt(List<Segment> segments, int[] positions) {
    this.segments = List.copyOf(segments);
    this.positions = positions;
  }

  /** Token ids at positions 0..n-1. */
  public static Prompt ofTokens(int... ids) {
    return builder().tokens(ids).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Segment> segments() {
    return segments;
  }

  /** Total inputs T. */
  public int length() {
    return positions.length;
  }

  /** [T] position ids: explicit ones, or 0..T-1. */
  public int[] positions() {
    return positions.clone();
  }

  /** Index of the first input of segment i. */
  public int offsetOf(int segment) {
    int offset = 0;
    for (int s = 0; s < segment; s++) {
      offset += segments.get(s).length();
    }
    return offset;
  }

  /** Collects segments in order. */
  public static final class Builder {
    private final List<Segment> segments = new ArrayList<>();
    private int[] positions;

    private Builder() {}

    public Builder tokens(int... ids) {
      if (ids.length > 0) {
        segments.add(new Tokens(ids));
      }
      return this;
    }

    /**
     * @param values [count, dim] row-major; dim must equal the model's hidden size
     */
    public Builder embeddings(float[] values, int count, int dim) {
      segments.add(new Embeddings(values, count, dim));
      return this;
    }

    /** Explicit position ids, one per input, each >= 0. */
    public Builder positions(int... ids) {
      this.positions = ids.clone();
      return this;
    }

    /**
     * @throws IllegalArgumentException when the prompt is empty, or positions are negative or do
     *     not match the number of inputs
     */
    public Prompt build() {
      int total = segments.stream().mapToInt(Segment::length).sum();
      if (total == 0) {
        throw new IllegalArgumentException("a prompt needs at least one input");
      }
      int[] pos = positions;
      if (pos == null) {
        pos = new int[total];
        Arrays.setAll(pos, i -> i);
      } else if (pos.length != total) {
        throw new IllegalArgumentException(pos.length + " position ids for " + total + " inputs");
      }
      for (int i = 0; i < pos.length; i++) {
        if (pos[i] < 0) {
          throw new IllegalArgumentException(
              "position id " + pos[i] + " at index " + i + " is < 0");
        }
      }
      return new Prompt(segments, pos);
    }
  }
}
