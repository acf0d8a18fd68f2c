package io.tokenprune.deploy.cli;

import io.tokenprune.inference.vision.EncodedFrame;
import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.ingest.IngestException;
import io.tokenprune.ingest.video.FrameSampler;
import io.tokenprune.ingest.video.FrameSource;
import io.tokenprune.ingest.video.VideoIngestConfig;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.quality.CoverageComparison;
import io.tokenprune.reducer.quality.CoverageReport;
import io.tokenprune.reducer.window.BufferedFrame;
import io.tokenprune.reducer.window.OfflineReduction;
import io.tokenprune.schemas.policy.EffectivePolicy;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "video",
    mixinStandardHelpOptions = true,
    description = {
      "Coverage of HoliTom against four baselines at equal token budgets (10%%, 15%%, 25%%), on the",
      "generated pattern video and, with --video, on a real file. Frames are encoded by the",
      "PatchEncoder and rounded to F16 as the reducer buffers them; HoliTom runs through",
      "OfflineReduction (the reducer's window code path); every baseline keeps exactly as many",
      "tokens as HoliTom did. Coverage: each original token's best cosine to a kept token."
    })
final class BenchVideoCommand implements Callable<Integer> {
  static final double[] BUDGETS = {0.10, 0.15, 0.25};
  private static final int SIZE = 384;

  @Spec CommandSpec spec;

  @Option(names = "--video", paramLabel = "FILE", description = "A video file to measure too.")
  Path video;

  @Option(
      names = "--frames",
      defaultValue = "96",
      description = "Frames per input: the pattern's length, a cap for --video (default 96).")
  int frames;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Pattern seed and random-drop seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--fps",
      defaultValue = "1",
      description = "Sampling rate for --video, frames/s (default ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--dim", description = "Token dims (default ${DEFAULT-VALUE}).")
  int dim = PatchEncoder.DEFAULT_DIM;

  @Option(names = "--grid", description = "Patches per side (default ${DEFAULT-VALUE}).")
  int grid = PatchEncoder.DEFAULT_GRID;

  @Option(names = "--tau", description = "HoliTom's tau (default ${DEFAULT-VALUE}).")
  double tau = HoliTomParams.defaults().tau();

  @Option(
      names = "--window-frames",
      description = "New frames per window flush (default ${DEFAULT-VALUE}).")
  int windowFrames = EffectivePolicy.DEFAULTS.windowFrames();

  /** One input's frames as the reducer would buffer them. */
  record Clip(String name, List<float[]> frames, List<float[]> saliency, int n, int d) {}

  @Override
  public Integer call() {
    if (frames < 1 || dim < 1 || grid < 1 || grid > SIZE || windowFrames < 1) {
      throw new UserInputException(
          "--frames, --dim, --window-frames must be >= 1 and --grid in [1, "
              + SIZE
              + "], got "
              + frames
              + ", "
              + dim
              + ", "
              + windowFrames
              + ", "
              + grid);
    }
    HoliTomParams params;
    VideoIngestConfig cfg;
    try {
      HoliTomParams d = HoliTomParams.defaults();
      params = new HoliTomParams(d.retainRatio(), tau, d.beta(), d.knn(), d.maxWindow());
      cfg =
          VideoIngestConfig.defaults("bench")
              .withFps(fps)
              .withSize(SIZE, SIZE)
              .withPatternFrames(frames);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    PatchEncoder encoder = new PatchEncoder(grid, dim, PatchEncoder.DEFAULT_SEED);
    PrintWriter out = spec.commandLine().getOut();
    List<String> sources = new ArrayList<>(List.of("pattern:" + seed));
    if (video != null) {
      sources.add(video.toString());
    }
    for (String source : sources) {
      Clip clip = encode(source, cfg, encoder);
      out.printf(
          Locale.ROOT,
          "%ninput: %s - %d frames, %d tokens x %d dims each (%d tokens), %d-frame windows, tau %.2f%n",
          clip.name(),
          clip.frames().size(),
          clip.n(),
          clip.d(),
          clip.frames().size() * clip.n(),
          windowFrames,
          params.tau());
      out.println("| budget | method | kept tokens | mean coverage | p5 coverage |");
      out.println("|---:|---|---:|---:|---:|");
      List<CoverageReport> reports = new ArrayList<>();
      for (double budget : BUDGETS) {
        CoverageReport r = compare(clip, params.withRetainRatio(budget));
        reports.add(r);
        for (CoverageReport.Row row : r.rows()) {
          out.printf(
              Locale.ROOT,
              "| %.0f%% | %s | %d | %.4f | %.4f |%n",
              budget * 100,
              row.method().label(),
              row.keptTokens(),
              row.meanCoverage(),
              row.p5Coverage());
        }
        out.flush();
      }
      StringBuilder realised = new StringBuilder("HoliTom realised vs target tokens:");
      for (CoverageReport r : reports) {
        realised.append(
            String.format(
                Locale.ROOT,
                " %.0f%%: %d / %d (%.2fx);",
                r.budget() * 100,
                r.holitomTokens(),
                r.targetTokens(),
                (double) r.holitomTokens() / r.targetTokens()));
      }
      out.println(realised.substring(0, realised.length() - 1));
      out.flush();
    }
    return 0;
  }

  private CoverageReport compare(Clip clip, HoliTomParams params) {
    float[] holitom =
        OfflineReduction.reduce(
                clip.frames(), clip.saliency(), clip.n(), clip.d(), params, windowFrames)
            .tokens();
    return CoverageComparison.compare(
        clip.frames(), clip.saliency(), clip.n(), clip.d(), params.retainRatio(), holitom, seed);
  }

  /** Samples the source at the configured fps, up to --frames, encoded and rounded to F16. */
  private Clip encode(String source, VideoIngestConfig cfg, PatchEncoder encoder) {
    List<float[]> tokens = new ArrayList<>();
    List<float[]> saliency = new ArrayList<>();
    String name;
    try (FrameSource src = FrameSource.open(source, cfg)) {
      name = src.name();
      FrameSampler sampler = new FrameSampler(cfg.fps());
      while (tokens.size() < frames && src.advance()) {
        if (!sampler.accept(src.timestampMicros())) {
          continue;
        }
        EncodedFrame e = encoder.encode(rgb(src.image()), SIZE, SIZE);
        int f = tokens.size();
        // The window buffer's F16 form: HoliTom and every baseline see the same values.
        tokens.add(
            BufferedFrame.of(f, 0, 0, e.patches(), e.dim(), e.tokens(), e.saliency()).tokens());
        saliency.add(e.saliency());
      }
    } catch (IngestException e) {
      throw IngestCommand.translate(e);
    }
    if (tokens.isEmpty()) {
      throw new UserInputException(source + " gave no frames");
    }
    return new Clip(name, tokens, saliency, encoder.patches(), encoder.dim());
  }

  /** TYPE_3BYTE_BGR pixels to RGB24. */
  private static byte[] rgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int o = (y * w + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return out;
  }
}
