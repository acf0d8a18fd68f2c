package io.tokenprune.deploy.cli;

import io.tokenprune.inference.safetensors.IntTensorData;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import io.tokenprune.inference.safetensors.TensorInfo;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.window.OfflineReduction;
import io.tokenprune.schemas.policy.EffectivePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "reduce-file",
    mixinStandardHelpOptions = true,
    description = {
      "HoliTom over a safetensors file of visual tokens, offline, on the reducer's own code path:",
      "frames are buffered in F16 and flushed every --window-frames new frames, the open segment",
      "carried, exactly as the streaming reducer does.",
      "In: tokens [T, N, D] (F32, F16 or BF16), optional saliency [T, N] (default: each token's",
      "distinctiveness in its frame, as the PatchEncoder gives). Out: tokens [M, D] F32,",
      "positions [M, 2] I32 (frame in the clip, patch), kinds [M] I32 (0 static, 1 dynamic),",
      "segments [S, 2] I32 (first and last frame)."
    })
final class ReduceFileCommand implements Callable<Integer> {
  private static final HoliTomParams DEFAULTS = HoliTomParams.defaults();

  @Spec CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input tokens.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
  Path out;

  @Option(
      names = "--retain-ratio",
      description = "Fraction of tokens to keep, in (0, 1] (default ${DEFAULT-VALUE}).")
  double retainRatio = DEFAULTS.retainRatio();

  @Option(
      names = "--tau",
      description =
          "Cosine above which a patch is unchanged, in [-1, 1] (default ${DEFAULT-VALUE}).")
  double tau = DEFAULTS.tau();

  @Option(
      names = "--beta",
      description = "Centre weight in a merged static token, in [0, 1] (default ${DEFAULT-VALUE}).")
  double beta = DEFAULTS.beta();

  @Option(
      names = "--knn",
      description = "Neighbours in the DPC-kNN density, >= 1 (default ${DEFAULT-VALUE}).")
  int knn = DEFAULTS.knn();

  @Option(
      names = "--max-window",
      description = "Longest segment in frames, >= 1 (default ${DEFAULT-VALUE}).")
  int maxWindow = DEFAULTS.maxWindow();

  @Option(
      names = "--window-frames",
      description = "New frames per flush, >= 1 (default ${DEFAULT-VALUE}).")
  int windowFrames = EffectivePolicy.DEFAULTS.windowFrames();

  @Override
  public Integer call() throws IOException {
    HoliTomParams params;
    try {
      params = new HoliTomParams(retainRatio, tau, beta, knn, maxWindow);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    if (windowFrames < 1) {
      throw new UserInputException("--window-frames must be >= 1, got " + windowFrames);
    }
    if (!Files.isRegularFile(in)) {
      throw new UserInputException("no such file: " + in);
    }
    if (Files.exists(out) && Files.isSameFile(in, out)) {
      throw new UserInputException("--out must not be the --in file " + in);
    }
    OfflineReduction.Result result;
    try (SafetensorsFile file = open(in)) {
      TokenInput input = TokenInput.of(file);
      result =
          input.saliency() == null
              ? OfflineReduction.reduce(input.frames(), input.n(), input.d(), params, windowFrames)
              : OfflineReduction.reduce(
                  input.frames(), input.saliency(), input.n(), input.d(), params, windowFrames);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    write(result, params);
    long before = (long) result.frames() * result.n();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %d frames, %d segments, tokens %d -> %d (ratio %.3f) -> %s%n",
            in,
            result.frames(),
            result.segments().size(),
            before,
            result.tokenCount(),
            (double) result.tokenCount() / before,
            out);
    return 0;
  }

  private static SafetensorsFile open(Path path) {
    try {
      return SafetensorsFile.open(path);
    } catch (IOException | RuntimeException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new UserInputException(path + " is not a readable safetensors file: " + why, e);
    }
  }

  private void write(OfflineReduction.Result r, HoliTomParams p) throws IOException {
    int m = r.tokenCount();
    SafetensorsWriter.write(
        out,
        List.of(TensorData.f32("tokens", r.tokens(), m, r.d())),
        List.of(
            IntTensorData.i32("positions", r.positions(), m, 2),
            IntTensorData.i32("kinds", r.kinds(), m),
            IntTensorData.i32("segments", r.segmentFrames(), r.segments().size(), 2)),
        Map.of(
            "source", in.getFileName().toString(),
            "frames", String.valueOf(r.frames()),
            "patches", String.valueOf(r.n()),
            "params", p.toString(),
            "windowFrames", String.valueOf(windowFrames)));
  }

  /**
   * The validated tensors of an input file. Frames are read lazily, one {@code [N * D]} frame per
   * {@code get}, so a long clip never sits in memory whole.
   *
   * @param saliency {@code [T]} of {@code [N]}, or null when the file has none
   */
  private record TokenInput(List<float[]> frames, List<float[]> saliency, int n, int d) {
    static TokenInput of(SafetensorsFile file) throws IOException {
      TensorInfo tokens =
          file.tensor("tokens")
              .orElseThrow(
                  () ->
                      new UserInputException(
                          file.path()
                              + " has no 'tokens' tensor (it has "
                              + file.tensors().keySet()
                              + ")"));
      long[] shape = tokens.shape();
      if (shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
        throw new UserInputException(
            "tokens must be [T, N, D] with every size >= 1, got " + tokens.shapeText());
      }
      floatDtype(tokens);
      if (shape[1] * shape[2] > Integer.MAX_VALUE - 8 || shape[0] > Integer.MAX_VALUE) {
        throw new UserInputException("tokens " + tokens.shapeText() + " is too large a frame");
      }
      int t = (int) shape[0];
      int n = (int) shape[1];
      int d = (int) shape[2];
      List<float[]> frames = new Frames(file, tokens, t, n * d);
      List<float[]> saliency = null;
      if (file.tensor("saliency").isPresent()) {
        TensorInfo s = file.tensor("saliency").get();
        long[] ss = s.shape();
        if (ss.length != 2 || ss[0] != t || ss[1] != n) {
          throw new UserInputException(
              "saliency must be [T, N] = [" + t + ", " + n + "], got " + s.shapeText());
        }
        floatDtype(s);
        float[] all = file.readFloats("saliency");
        saliency = new ArrayList<>(t);
        for (int f = 0; f < t; f++) {
          float[] row = new float[n];
          System.arraycopy(all, f * n, row, 0, n);
          for (int p = 0; p < n; p++) {
            if (Float.isNaN(row[p])) {
              throw new UserInputException("saliency of frame " + f + " is NaN at patch " + p);
            }
          }
          saliency.add(row);
        }
      }
      return new TokenInput(frames, saliency, n, d);
    }

    private static void floatDtype(TensorInfo info) {
      try {
        SafetensorsDtype.of(info.dtype());
      } catch (IllegalArgumentException e) {
        throw new UserInputException(info.name() + ": " + e.getMessage());
      }
    }
  }

  /**
   * Frame t of a [T, N, D] tensor, read from the file on each get and checked to fit F16, the
   * precision the reducer buffers tokens in (a larger value would become infinite there).
   */
  private static final class Frames extends AbstractList<float[]> {
    private static final float F16_MAX = 65504f;
    private final SafetensorsFile file;
    private final TensorInfo tokens;
    private final int t;
    private final int frameSize;

    Frames(SafetensorsFile file, TensorInfo tokens, int t, int frameSize) {
      this.file = file;
      this.tokens = tokens;
      this.t = t;
      this.frameSize = frameSize;
    }

    @Override
    public float[] get(int f) {
      float[] x = new float[frameSize];
      try {
        file.readFloats(tokens, (long) f * frameSize, frameSize, FloatBuffer.wrap(x));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < frameSize; i++) {
        if (!(Math.abs(x[i]) <= F16_MAX)) {
          throw new UserInputException(
              "tokens of frame "
                  + f
                  + " hold "
                  + x[i]
                  + " at index "
                  + i
                  + ": values must be finite and within +-65504 (F16)");
        }
      }
      return x;
    }

    @Override
    public int size() {
      return t;
    }
  }
}
