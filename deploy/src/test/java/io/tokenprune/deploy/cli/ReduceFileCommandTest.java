package io.tokenprune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.inference.safetensors.IntTensorData;
import io.tokenprune.inference.safetensors.SafetensorsDtype;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import io.tokenprune.inference.safetensors.SafetensorsWriter;
import io.tokenprune.inference.safetensors.TensorData;
import io.tokenprune.inference.vision.PatchEncoder;
import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.holitom.HoliTomParams;
import io.tokenprune.reducer.window.BufferedFrame;
import io.tokenprune.reducer.window.WindowFlush;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenprune reduce-file}, run in-process on files the tests write. */
class ReduceFileCommandTest {
  private static final int T = 40;
  private static final int N = 16;
  private static final int D = 8;

  @TempDir Path dir;

  /** [T, N, D]: a background per scene (cuts at 15 and 29), noise, two patches moving. */
  private static float[] clip(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[T * N * D];
    float[] background = new float[N * D];
    for (int f = 0; f < T; f++) {
      if (f == 0 || f == 15 || f == 29) {
        for (int i = 0; i < background.length; i++) {
          background[i] = (float) rnd.nextGaussian();
        }
      }
      for (int i = 0; i < N * D; i++) {
        x[f * N * D + i] = background[i] + (float) (0.05 * rnd.nextGaussian());
      }
      for (int k = 0; k < 2; k++) {
        int p = (2 * f + 5 * k) % N;
        for (int j = 0; j < D; j++) {
          x[(f * N + p) * D + j] = (float) rnd.nextGaussian();
        }
      }
    }
    return x;
  }

  private static float[] frame(float[] clip, int f) {
    return Arrays.copyOfRange(clip, f * N * D, (f + 1) * N * D);
  }

  /**
   * The reference: WindowFlush driven frame by frame as the window processor drives it (flush every
   * {@code w} new frames, carry, a final flush on the last frame), flattened like the file.
   */
  private static Expected streamed(
      List<float[]> frames, List<float[]> saliency, HoliTomParams p, int w) {
    List<BufferedFrame> buffer = new ArrayList<>();
    List<WindowFlush.Emitted> emitted = new ArrayList<>();
    int fresh = 0;
    for (int f = 0; f < frames.size(); f++) {
      buffer.add(BufferedFrame.of(f, f * 1_000_000L, 0, N, D, frames.get(f), saliency.get(f)));
      fresh++;
      boolean last = f == frames.size() - 1;
      if (last || fresh >= w) {
        WindowFlush.Result r = WindowFlush.flush(buffer, p, last);
        emitted.addAll(r.emitted());
        buffer = new ArrayList<>(r.carried());
        fresh = 0;
      }
    }
    Expected e = new Expected();
    for (WindowFlush.Emitted em : emitted) {
      CompressedSegment c = em.segment();
      e.segments.add((int) em.firstSeq());
      e.segments.add((int) em.lastSeq());
      for (int i = 0; i < c.tokenCount(); i++) {
        for (int j = 0; j < D; j++) {
          e.tokens.add(c.tokens()[i * D + j]);
        }
        e.positions.add((int) em.firstSeq() + c.frameOffsets()[i]);
        e.positions.add(c.patchIndices()[i]);
        e.kinds.add((int) c.kinds()[i]);
      }
    }
    return e;
  }

  private static final class Expected {
    final List<Float> tokens = new ArrayList<>();
    final List<Integer> positions = new ArrayList<>();
    final List<Integer> kinds = new ArrayList<>();
    final List<Integer> segments = new ArrayList<>();
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static int[] ints(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private void assertOutputIs(Path out, Expected e) throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(out)) {
      int m = e.kinds.size();
      int s = e.segments.size() / 2;
      assertThat(f.tensor("tokens").orElseThrow().shape()).containsExactly(m, D);
      assertThat(f.tensor("tokens").orElseThrow().dtype()).isEqualTo("F32");
      assertThat(f.tensor("positions").orElseThrow().shape()).containsExactly(m, 2);
      assertThat(f.tensor("kinds").orElseThrow().shape()).containsExactly(m);
      assertThat(f.tensor("segments").orElseThrow().shape()).containsExactly(s, 2);
      assertThat(f.readFloats("tokens")).containsExactly(floats(e.tokens));
      assertThat(f.readInts("positions")).containsExactly(ints(e.positions));
      assertThat(f.readInts("kinds")).containsExactly(ints(e.kinds));
      int[] segments = f.readInts("segments");
      assertThat(segments).containsExactly(ints(e.segments));
      // every frame in exactly one segment, in order
      int next = 0;
      for (int i = 0; i < s; i++) {
        assertThat(segments[2 * i]).isEqualTo(next);
        assertThat(segments[2 * i + 1]).isGreaterThanOrEqualTo(segments[2 * i]);
        next = segments[2 * i + 1] + 1;
      }
      assertThat(next).isEqualTo(T);
    }
  }

  @Test
  void reducesAFileExactlyAsTheProcessorDrivesWindowFlush() throws IOException {
    float[] tokens = clip(1);
    SplittableRandom rnd = new SplittableRandom(2);
    float[] saliency = new float[T * N];
    for (int i = 0; i < saliency.length; i++) {
      saliency[i] = (float) rnd.nextDouble();
    }
    Path in = dir.resolve("tokens.safetensors");
    SafetensorsWriter.write(
        in,
        List.of(
            TensorData.f32("tokens", tokens, T, N, D), TensorData.f32("saliency", saliency, T, N)),
        Map.of());
    Path out = dir.resolve("compact.safetensors");
    CliRun r =
        CliRun.of(
            "reduce-file",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--retain-ratio",
            "0.2",
            "--window-frames",
            "8",
            "--max-window",
            "12");
    assertThat(r.exit()).as(r.err()).isZero();

    List<float[]> frames = new ArrayList<>();
    List<float[]> sal = new ArrayList<>();
    for (int f = 0; f < T; f++) {
      frames.add(frame(tokens, f));
      sal.add(Arrays.copyOfRange(saliency, f * N, (f + 1) * N));
    }
    Expected e = streamed(frames, sal, new HoliTomParams(0.2, 0.8, 0.6, 7, 12), 8);
    assertThat(e.segments.size() / 2).isGreaterThan(3); // carries and cuts were exercised
    assertOutputIs(out, e);
    assertThat(r.out())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "%s: 40 frames, %d segments, tokens 640 -> %d (ratio %.3f) -> %s%n",
                in,
                e.segments.size() / 2,
                e.kinds.size(),
                e.kinds.size() / 640.0,
                out));
  }

  @Test
  void withoutSaliencyF16TokensGetThePatchEncodersDistinctiveness() throws IOException {
    float[] tokens = clip(3);
    Path in = dir.resolve("f16.safetensors");
    SafetensorsWriter.write(
        in, List.of(TensorData.f32("tokens", tokens, T, N, D).as(SafetensorsDtype.F16)), Map.of());
    Path out = dir.resolve("out.safetensors");
    CliRun r = CliRun.of("reduce-file", "--in", in.toString(), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();

    float[] stored;
    try (SafetensorsFile f = SafetensorsFile.open(in)) {
      stored = f.readFloats("tokens");
    }
    List<float[]> frames = new ArrayList<>();
    List<float[]> sal = new ArrayList<>();
    for (int f = 0; f < T; f++) {
      frames.add(frame(stored, f));
      sal.add(PatchEncoder.distinctiveness(frame(stored, f), N, D));
    }
    assertOutputIs(out, streamed(frames, sal, HoliTomParams.defaults(), 32));
  }

  private void assertBadInput(String expected, String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exit()).as(r.err()).isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(r.err()).startsWith("tokenprune: ").contains(expected).hasLineCount(1);
    assertThat(r.out()).isEmpty();
  }

  private Path write(String name, List<TensorData> floats, List<IntTensorData> ints)
      throws IOException {
    Path p = dir.resolve(name);
    SafetensorsWriter.write(p, floats, ints, Map.of());
    return p;
  }

  @Test
  void badInputExitsTwoWithOneLine() throws IOException {
    String out = dir.resolve("o.safetensors").toString();
    float[] tokens = clip(4);
    Path good =
        write("good.safetensors", List.of(TensorData.f32("tokens", tokens, T, N, D)), List.of());

    assertBadInput(
        "no such file", "reduce-file", "--in", dir.resolve("nope").toString(), "--out", out);

    Path text = dir.resolve("text.safetensors");
    Files.writeString(text, "this is not a safetensors file at all", StandardCharsets.UTF_8);
    assertBadInput(
        "is not a readable safetensors file", "reduce-file", "--in", text.toString(), "--out", out);
    byte[] badJson = new byte[8 + 4];
    badJson[0] = 4;
    System.arraycopy("{{{{".getBytes(StandardCharsets.US_ASCII), 0, badJson, 8, 4);
    Path json = dir.resolve("json.safetensors");
    Files.write(json, badJson);
    assertBadInput(
        "is not a readable safetensors file", "reduce-file", "--in", json.toString(), "--out", out);

    Path noTokens =
        write("x.safetensors", List.of(TensorData.f32("x", new float[4], 4)), List.of());
    assertBadInput(
        "has no 'tokens' tensor (it has [x])",
        "reduce-file",
        "--in",
        noTokens.toString(),
        "--out",
        out);

    Path rank2 =
        write("r2.safetensors", List.of(TensorData.f32("tokens", tokens, T, N * D)), List.of());
    assertBadInput(
        "tokens must be [T, N, D]", "reduce-file", "--in", rank2.toString(), "--out", out);

    Path ints =
        write(
            "i.safetensors", List.of(), List.of(IntTensorData.i32("tokens", new int[8], 2, 2, 2)));
    assertBadInput(
        "unsupported safetensors dtype I32", "reduce-file", "--in", ints.toString(), "--out", out);

    Path salShape =
        write(
            "s.safetensors",
            List.of(
                TensorData.f32("tokens", tokens, T, N, D),
                TensorData.f32("saliency", new float[T * (N - 1)], T, N - 1)),
            List.of());
    assertBadInput(
        "saliency must be [T, N] = [40, 16], got [40, 15]",
        "reduce-file",
        "--in",
        salShape.toString(),
        "--out",
        out);

    float[] nanSaliency = new float[T * N];
    nanSaliency[N + 3] = Float.NaN;
    Path salNan =
        write(
            "sn.safetensors",
            List.of(
                TensorData.f32("tokens", tokens, T, N, D),
                TensorData.f32("saliency", nanSaliency, T, N)),
            List.of());
    assertBadInput(
        "saliency of frame 1 is NaN at patch 3",
        "reduce-file",
        "--in",
        salNan.toString(),
        "--out",
        out);

    float[] huge = tokens.clone();
    huge[2 * N * D + 5] = 1e6f;
    Path big =
        write("big.safetensors", List.of(TensorData.f32("tokens", huge, T, N, D)), List.of());
    assertBadInput(
        "tokens of frame 2 hold 1000000.0 at index 5",
        "reduce-file",
        "--in",
        big.toString(),
        "--out",
        out);

    String in = good.toString();
    assertBadInput(
        "retainRatio must be in (0,1], got 0.0",
        "reduce-file",
        "--in",
        in,
        "--out",
        out,
        "--retain-ratio",
        "0");
    assertBadInput(
        "tau must be in [-1,1], got 2.0", "reduce-file", "--in", in, "--out", out, "--tau", "2");
    assertBadInput(
        "beta must be in [0,1], got -0.5",
        "reduce-file",
        "--in",
        in,
        "--out",
        out,
        "--beta",
        "-0.5");
    assertBadInput(
        "knn must be >= 1, got 0", "reduce-file", "--in", in, "--out", out, "--knn", "0");
    assertBadInput(
        "maxWindow must be >= 1, got 0",
        "reduce-file",
        "--in",
        in,
        "--out",
        out,
        "--max-window",
        "0");
    assertBadInput(
        "--window-frames must be >= 1, got 0",
        "reduce-file",
        "--in",
        in,
        "--out",
        out,
        "--window-frames",
        "0");
    assertBadInput("--out must not be the --in file", "reduce-file", "--in", in, "--out", in);

    CliRun unparsable = CliRun.of("reduce-file", "--in", in, "--out", out, "--tau", "high");
    assertThat(unparsable.exit()).isEqualTo(TokenPrune.EXIT_BAD_INPUT);
    assertThat(Files.exists(Path.of(out))).isFalse();
  }
}
