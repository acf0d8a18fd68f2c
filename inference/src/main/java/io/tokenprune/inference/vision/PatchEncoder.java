package io.tokenprune.inference.vision;

import java.util.SplittableRandom;

/**
 * A weight-free frame encoder: the frame is cut into a {@code grid x grid} lattice of patches
 * (14x14 = 196 by default, like a ViT at 384 px), each patch is box-resampled to {@code cell x
 * cell} RGB values centred on 0, and that vector (3*cell^2) is projected to D dims through a fixed,
 * seeded Gaussian matrix scaled by 1/sqrt(D). Random projections preserve inner products and
 * distances within a small distortion (Johnson-Lindenstrauss), so cosine similarity between tokens
 * tracks similarity between patches: a static background gives near-identical tokens frame to
 * frame, which is what HoliTom's temporal merge exploits.
 *
 * <p>Saliency is a token's distinctiveness within its frame: 1 minus its mean cosine to the other
 * tokens of the frame.
 *
 * <p>Instances are immutable and thread-safe; the same seed always gives the same projection.
 */
public final class PatchEncoder implements FrameEncoder {
  public static final int DEFAULT_GRID = 14;
  public static final int DEFAULT_DIM = 256;
  public static final long DEFAULT_SEED = 0x70_6b_65_6eL;
  private static final int CELL = 8;

  private final int grid;
  private final int dim;
  private final int inDim; // 3 * CELL * CELL
  private final float[] projection; // [inDim, dim]

  public PatchEncoder() {
    this(DEFAULT_GRID, DEFAULT_DIM, DEFAULT_SEED);
  }

  public PatchEncoder(int grid, int dim, long seed) {
    if (grid < 1 || dim < 1) {
      throw new IllegalArgumentException("grid and dim must be >= 1, got " + grid + ", " + dim);
    }
    this.grid = grid;
    this.dim = dim;
    this.inDim = 3 * CELL * CELL;
    this.projection = new float[inDim * dim];
    SplittableRandom rnd = new SplittableRandom(seed);
    double scale = 1.0 / Math.sqrt(dim);
    for (int i = 0; i < projection.length; i++) {
      projection[i] = (float) (gaussian(rnd) * scale);
    }
  }

  @Override
  public int patches() {
    return grid * grid;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public EncodedFrame encode(byte[] rgb, int width, int height) {
    if (width < grid || height < grid) {
      throw new IllegalArgumentException(
          "frame " + width + "x" + height + " is smaller than the " + grid + "x" + grid + " grid");
    }
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected "
              + (width * height * 3)
              + " RGB bytes for "
              + width
              + "x"
              + height
              + ", got "
              + rgb.length);
    }
    int n = patches();
    float[] tokens = new float[n * dim];
    float[] pixels = new float[inDim];
    for (int gy = 0; gy < grid; gy++) {
      for (int gx = 0; gx < grid; gx++) {
        samplePatch(rgb, width, height, gx, gy, pixels);
        project(pixels, tokens, (gy * grid + gx) * dim);
      }
    }
    return new EncodedFrame(tokens, distinctiveness(tokens, n, dim), n, dim);
  }

  /** Box-averages the patch at grid cell (gx, gy) into CELL x CELL x 3 values in [-0.5, 0.5]. */
  private void samplePatch(byte[] rgb, int width, int height, int gx, int gy, float[] out) {
    int x0 = gx * width / grid;
    int x1 = (gx + 1) * width / grid;
    int y0 = gy * height / grid;
    int y1 = (gy + 1) * height / grid;
    for (int cy = 0; cy < CELL; cy++) {
      int sy0 = y0 + cy * (y1 - y0) / CELL;
      int sy1 = Math.max(sy0 + 1, y0 + (cy + 1) * (y1 - y0) / CELL);
      for (int cx = 0; cx < CELL; cx++) {
        int sx0 = x0 + cx * (x1 - x0) / CELL;
        int sx1 = Math.max(sx0 + 1, x0 + (cx + 1) * (x1 - x0) / CELL);
        int r = 0;
        int g = 0;
        int b = 0;
        for (int y = sy0; y < sy1; y++) {
          int row = y * width * 3;
          for (int x = sx0; x < sx1; x++) {
            int o = row + x * 3;
            r += rgb[o] & 0xff;
            g += rgb[o + 1] & 0xff;
            b += rgb[o + 2] & 0xff;
          }
        }
        float count = (sy1 - sy0) * (sx1 - sx0) * 255f;
        int o = (cy * CELL + cx) * 3;
        out[o] = r / count - 0.5f;
        out[o + 1] = g / count - 0.5f;
        out[o + 2] = b / count - 0.5f;
      }
    }
  }

  private void project(float[] in, float[] out, int offset) {
    for (int i = 0; i < inDim; i++) {
      float v = in[i];
      if (v == 0f) {
        continue;
      }
      int row = i * dim;
      for (int j = 0; j < dim; j++) {
        out[offset + j] += v * projection[row + j];
      }
    }
  }

  /** 1 - mean cosine to the other tokens of the frame; [N]. */
  public static float[] distinctiveness(float[] tokens, int n, int dim) {
    float[] unit = new float[tokens.length];
    for (int p = 0; p < n; p++) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        double v = tokens[p * dim + j];
        norm += v * v;
      }
      float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
      for (int j = 0; j < dim; j++) {
        unit[p * dim + j] = tokens[p * dim + j] * inv;
      }
    }
    // Sum of unit vectors: mean cosine of p to the others = (u_p . S - u_p . u_p) / (n - 1).
    float[] sum = new float[dim];
    for (int p = 0; p < n; p++) {
      for (int j = 0; j < dim; j++) {
        sum[j] += unit[p * dim + j];
      }
    }
    float[] out = new float[n];
    for (int p = 0; p < n; p++) {
      double dotSum = 0;
      double self = 0;
      for (int j = 0; j < dim; j++) {
        float u = unit[p * dim + j];
        dotSum += u * sum[j];
        self += u * u;
      }
      out[p] = n > 1 ? (float) (1 - (dotSum - self) / (n - 1)) : 0f;
    }
    return out;
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
