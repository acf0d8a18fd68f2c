package io.tokenprune.inference.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stage of the length curriculum: its steps take one or more {@link Shape}s in turn. The stage
 * ends after {@code maxSteps}, or earlier once held-out exact match at its longest length reaches
 * the trainer's threshold after at least {@code minSteps}; held-out evaluation runs every {@code
 * evalEvery} steps.
 *
 * <p>Several shapes keep two skills at once: a phase of only short sequences taught the bundled
 * model to tell look-alike keys apart at 1,024 tokens and, in 400 steps, forgot how to read 4,096;
 * {@code 1024x4+4096x1} alternates the cheap short batch with the long one.
 */
public record Stage(List<Shape> shapes, int minSteps, int maxSteps, int evalEvery) {

  /** {@code batch} sequences of {@code length} tokens in one step. */
  public record Shape(int length, int batch) {
    public Shape {
      if (length < 64) {
        throw new IllegalArgumentException("stage length must be >= 64, got " + length);
      }
      if (batch < 1) {
        throw new IllegalArgumentException("stage batch must be >= 1, got " + batch);
      }
    }

    @Override
    public String toString() {
      return length + "x" + batch;
    }
  }

  public Stage {
    shapes = List.copyOf(shapes);
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException("a stage needs at least one LENGTHxBATCH shape");
    }
    if (minSteps < 0 || maxSteps < 1 || minSteps > maxSteps) {
      throw new IllegalArgumentException(
          "need 0 <= minSteps <= maxSteps and maxSteps >= 1, got " + minSteps + ", " + maxSteps);
    }
    if (evalEvery < 1) {
      throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
    }
  }

  /** A stage of one shape. */
  public Stage(int length, int batch, int minSteps, int maxSteps, int evalEvery) {
    this(List.of(new Shape(length, batch)), minSteps, maxSteps, evalEvery);
  }

  /** The shape of the stage's {@code stageStep}-th step (0-based): the shapes in turn. */
  public Shape shape(int stageStep) {
    return shapes.get(Math.floorMod(stageStep, shapes.size()));
  }

  /** The longest sequence length: held-out evaluation runs there. */
  public int length() {
    return shapes.stream().mapToInt(Shape::length).max().orElseThrow();
  }

  /**
   * Parses {@code SHAPE[+SHAPE...]:MIN-MAX@EVAL} with each shape {@code LENGTHxBATCH}, e.g. {@code
   * 512x8:100-400@50} or {@code 1024x4+4096x1:0-500@100}.
   *
   * @throws IllegalArgumentException naming the text when it does not parse
   */
  public static Stage parse(String text) {
    try {
      String[] shapesRest = text.split(":", 2);
      String[] stepsEval = shapesRest[1].split("@", 2);
      String[] steps = stepsEval[0].split("-", 2);
      List<Shape> shapes =
          Arrays.stream(shapesRest[0].split("\\+", -1))
              .map(
                  s -> {
                    String[] lb = s.split("x", 2);
                    return new Shape(
                        Integer.parseInt(lb[0].strip()), Integer.parseInt(lb[1].strip()));
                  })
              .toList();
      return new Stage(
          shapes,
          Integer.parseInt(steps[0].strip()),
          Integer.parseInt(steps[1].strip()),
          Integer.parseInt(stepsEval[1].strip()));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "stage '"
              + text
              + "' is not LENGTHxBATCH[+LENGTHxBATCH...]:MIN-MAX@EVAL, e.g. 512x8:100-400@50",
          e);
    }
  }

  @Override
  public String toString() {
    return shapes.stream().map(Shape::toString).collect(Collectors.joining("+"))
        + ":"
        + minSteps
        + "-"
        + maxSteps
        + "@"
        + evalEvery;
  }
}
