package io.tokenprune.inference;

import io.tokenprune.inference.model.ConfigJson;
import io.tokenprune.inference.model.LayerTensor;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.RopeFrequencies;
import io.tokenprune.inference.model.TensorSpec;
import io.tokenprune.inference.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reference forward pass: a Llama-family decoder in plain loops over float[], in double
 * precision, reading weights straight from the safetensors files with Java's own F16/BF16 widening.
 * Slow and obviously correct; the NDArray model is tested against it.
 */
public final class NaiveLlama {
  public final ModelConfig c;
  private final Map<String, float[]> w = new HashMap<>();
  private final float[] invFreq;

  private NaiveLlama(ModelConfig c) {
    this.c = c;
    this.invFreq = RopeFrequencies.inverse(c.headDim(), c.ropeTheta(), c.ropeScaling());
  }

  public static NaiveLlama load(Path dir) throws IOException {
    NaiveLlama m = new NaiveLlama(ConfigJson.read(dir.resolve("config.json")));
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".safetensors")).toList();
    }
    for (Path p : files) {
      try (SafetensorsFile f = SafetensorsFile.open(p)) {
        for (String name : f.tensors().keySet()) {
          m.w.put(name, f.readFloats(name));
        }
      }
    }
    return m;
  }

  /** Replaces a tensor's values (e.g. with NaN, to prove a layer never runs). */
  public void poison(String name, float value) {
    java.util.Arrays.fill(w.get(name), value);
  }

  public float[] tensor(String name) {
    return w.get(name);
  }

  /** [T][D] embedding rows of ids. */
  public double[][] embed(int[] ids) {
    int d = c.hiddenSize();
    float[] e = w.get(TensorSpec.EMBED);
    double[][] x = new double[ids.length][d];
    for (int t = 0; t < ids.length; t++) {
      for (int j = 0; j < d; j++) {
        x[t][j] = e[ids[t] * d + j];
      }
    }
    return x;
  }

  /** One layer's output and the last query row's attention over all tokens, mean over heads. */
  public record LayerOut(double[][] x, double[] lastRowAttention) {}

  /** Layer l over the whole sequence x [T][D] with causal attention. */
  public LayerOut layer(int l, double[][] x, int[] positions) {
    int t = x.length;
    int h = c.numHeads();
    int hkv = c.numKvHeads();
    int d = c.headDim();
    double[][] q = new double[t][];
    double[][] k = new double[t][];
    double[][] v = new double[t][];
    for (int i = 0; i < t; i++) {
      double[] n = rmsNorm(x[i], w.get(LayerTensor.INPUT_NORM.name(l)));
      q[i] = rope(linear(n, l, LayerTensor.Q, LayerTensor.Q_BIAS), positions[i], h);
      k[i] = rope(linear(n, l, LayerTensor.K, LayerTensor.K_BIAS), positions[i], hkv);
      v[i] = linear(n, l, LayerTensor.V, LayerTensor.V_BIAS);
    }
    double[] lastRow = new double[t];
    double[][] out = new double[t][];
    for (int i = 0; i < t; i++) {
      double[] attended = new double[h * d];
      for (int head = 0; head < h; head++) {
        int kvHead = head / c.kvGroups();
        double[] p = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
          double s = 0;
          for (int e = 0; e < d; e++) {
            s += q[i][head * d + e] * k[j][kvHead * d + e];
          }
          p[j] = s / Math.sqrt(d);
          max = Math.max(max, p[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
          p[j] = Math.exp(p[j] - max);
          sum += p[j];
        }
        for (int j = 0; j <= i; j++) {
          p[j] /= sum;
          if (i == t - 1) {
            lastRow[j] += p[j] / h;
          }
          for (int e = 0; e < d; e++) {
            attended[head * d + e] += p[j] * v[j][kvHead * d + e];
          }
        }
      }
      double[] x1 = add(x[i], linear(attended, l, LayerTensor.O, LayerTensor.O_BIAS));
      double[] n2 = rmsNorm(x1, w.get(LayerTensor.POST_NORM.name(l)));
      double[] gate = linear(n2, l, LayerTensor.GATE, null);
      double[] up = linear(n2, l, LayerTensor.UP, null);
      for (int e = 0; e < gate.length; e++) {
        gate[e] = gate[e] / (1 + Math.exp(-gate[e])) * up[e];
      }
      out[i] = add(x1, linear(gate, l, LayerTensor.DOWN, null));
    }
    return new LayerOut(out, lastRow);
  }

  /** Runs layers [from, to). */
  public double[][] layers(double[][] x, int[] positions, int from, int to) {
    for (int l = from; l < to; l++) {
      x = layer(l, x, positions).x();
    }
    return x;
  }

  /** [T][V] logits for ids at the given positions. */
  public double[][] logits(int[] ids, int[] positions) {
    return logits(layers(embed(ids), positions, 0, c.numLayers()));
  }

  public double[][] logits(int[] ids) {
    return logits(ids, range(ids.length));
  }

  /** Final norm and LM head over hidden rows. */
  public double[][] logits(double[][] hidden) {
    float[] head = w.get(c.tieWordEmbeddings() ? TensorSpec.EMBED : TensorSpec.LM_HEAD);
    double[][] out = new double[hidden.length][];
    for (int t = 0; t < hidden.length; t++) {
      out[t] = matVec(head, rmsNorm(hidden[t], w.get(TensorSpec.FINAL_NORM)), c.vocabSize());
    }
    return out;
  }

  /** GemFilter scores at layer L, straight from the definition. */
  public double[] filterScores(int[] ids, int layer) {
    int[] positions = range(ids.length);
    double[][] x = layers(embed(ids), positions, 0, layer);
    int t = ids.length;
    int d = c.headDim();
    double[] lastQ =
        rope(
            linear(
                rmsNorm(x[t - 1], w.get(LayerTensor.INPUT_NORM.name(layer))),
                layer,
                LayerTensor.Q,
                LayerTensor.Q_BIAS),
            positions[t - 1],
            c.numHeads());
    double[] scores = new double[t];
    for (int j = 0; j < t; j++) {
      double[] k =
          rope(
              linear(
                  rmsNorm(x[j], w.get(LayerTensor.INPUT_NORM.name(layer))),
                  layer,
                  LayerTensor.K,
                  LayerTensor.K_BIAS),
              positions[j],
              c.numKvHeads());
      for (int head = 0; head < c.numHeads(); head++) {
        int kvHead = head / c.kvGroups();
        for (int e = 0; e < d; e++) {
          scores[j] += lastQ[head * d + e] * k[kvHead * d + e];
        }
      }
    }
    return scores;
  }

  public static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  private double[] rope(double[] x, int position, int heads) {
    int d = c.headDim();
    int half = d / 2;
    double[] out = x.clone();
    for (int head = 0; head < heads; head++) {
      for (int i = 0; i < half; i++) {
        double angle = (double) ((float) position * invFreq[i]);
        double x1 = x[head * d + i];
        double x2 = x[head * d + i + half];
        out[head * d + i] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
        out[head * d + i + half] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
      }
    }
    return out;
  }

  private double[] rmsNorm(double[] x, float[] weight) {
    double ms = 0;
    for (double v : x) {
      ms += v * v;
    }
    double scale = 1 / Math.sqrt(ms / x.length + c.rmsNormEps());
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * scale * weight[i];
    }
    return out;
  }

  private double[] linear(double[] x, int layer, LayerTensor weight, LayerTensor bias) {
    float[] m = w.get(weight.name(layer));
    int out = m.length / x.length;
    double[] y = matVec(m, x, out);
    if (bias != null && bias.presentIn(c)) {
      float[] b = w.get(bias.name(layer));
      for (int i = 0; i < out; i++) {
        y[i] += b[i];
      }
    }
    return y;
  }

  /** m [rows, x.length] times x. */
  private static double[] matVec(float[] m, double[] x, int rows) {
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += m[r * x.length + j] * x[j];
      }
      y[r] = s;
    }
    return y;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }
}
