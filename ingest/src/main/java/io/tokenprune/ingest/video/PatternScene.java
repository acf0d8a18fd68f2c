package io.tokenprune.ingest.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One scene of the {@link TestPattern}: a fixed street camera. The background (sky, building
 * facades with window grids, sidewalk, a road with lane dashes, a verge, and a fixed grain) is
 * rendered once and never changes; a few cars and pedestrians move over it. Everything is drawn
 * with integer rectangles, no antialiasing, so a seed always gives the same pixels.
 *
 * <p>Layout, as fractions of the height: sky and roofs above 0.55, sidewalk 0.55-0.66, road
 * 0.66-0.92, verge below.
 */
final class PatternScene {
  private static final double SIDEWALK_TOP = 0.55;
  private static final double ROAD_TOP = 0.66;
  private static final double ROAD_BOTTOM = 0.92;

  private final int width;
  private final int height;
  private final byte[] background; // [height, width, 3] BGR
  private final List<Mover> movers = new ArrayList<>();

  /**
   * A rectangle that moves at constant velocity, wrapping across the frame or bouncing in a band.
   */
  private record Mover(
      double x0,
      double y0,
      double vx,
      double vy,
      int w,
      int h,
      double minY,
      double maxY,
      boolean car,
      Color color) {}

  /**
   * @param hue the scene's palette hue in [0, 1); consecutive scenes differ by at least 0.25
   * @param light overall brightness in [0.5, 1]
   */
  PatternScene(SplittableRandom rnd, int width, int height, double hue, double light) {
    this.width = width;
    this.height = height;
    BufferedImage bg = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bg.createGraphics();
    try {
      paintBackground(g, rnd, hue, light);
    } finally {
      g.dispose();
    }
    this.background = ((DataBufferByte) bg.getRaster().getDataBuffer()).getData();
    addGrain(rnd);
    addMovers(rnd, hue, light);
  }

  /** Draws the scene as it is {@code t} frames after its first frame into {@code out}. */
  void render(int t, BufferedImage out) {
    byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(background, 0, pixels, 0, background.length);
    Graphics2D g = out.createGraphics();
    try {
      for (Mover m : movers) {
        int x = (int) Math.round(wrap(m.x0 + m.vx * t, -m.w, width));
        int y = (int) Math.round(bounce(m.y0 + m.vy * t, m.minY, m.maxY));
        if (!m.car) {
          // A person: body plus head.
          g.setColor(m.color);
          g.fillRect(x, y + m.h / 4, m.w, m.h - m.h / 4);
          g.setColor(m.color.brighter());
          g.fillRect(x + m.w / 4, y, Math.max(1, m.w / 2), m.h / 4);
          continue;
        }
        g.setColor(m.color);
        g.fillRect(x, y, m.w, m.h);
        g.setColor(m.color.darker().darker());
        g.fillRect(x + m.w / 5, y + 2, m.w * 3 / 5, m.h / 3); // windscreen
        g.setColor(Color.BLACK);
        g.fillRect(x + m.w / 8, y + m.h - 3, m.w / 5, 5); // wheels
        g.fillRect(x + m.w - m.w / 8 - m.w / 5, y + m.h - 3, m.w / 5, 5);
      }
    } finally {
      g.dispose();
    }
  }

  private void paintBackground(Graphics2D g, SplittableRandom rnd, double hue, double light) {
    int sidewalk = (int) (height * SIDEWALK_TOP);
    int road = (int) (height * ROAD_TOP);
    int verge = (int) (height * ROAD_BOTTOM);
    for (int y = 0; y < sidewalk; y++) { // sky gradient, hidden below the roofs
      float v = (float) (light * (0.65 + 0.35 * y / sidewalk));
      g.setColor(Color.getHSBColor((float) hue, 0.45f, v));
      g.fillRect(0, y, width, 1);
    }
    for (int x = 0; x < width; ) { // facades with window grids
      int w = (int) (width * (0.10 + 0.14 * rnd.nextDouble()));
      int top = (int) (height * (0.08 + 0.22 * rnd.nextDouble()));
      float b = (float) (light * (0.45 + 0.4 * rnd.nextDouble()));
      Color facade = Color.getHSBColor((float) (hue + 0.5 + 0.15 * rnd.nextDouble()), 0.35f, b);
      g.setColor(facade);
      g.fillRect(x, top, w, sidewalk - top);
      int cell = Math.max(6, width / 40);
      for (int wy = top + cell / 2; wy + cell <= sidewalk - cell / 2; wy += cell + cell / 2) {
        for (int wx = x + cell / 2; wx + cell <= x + w - cell / 2; wx += cell + cell / 2) {
          g.setColor(rnd.nextInt(4) == 0 ? new Color(250, 230, 150) : facade.darker().darker());
          g.fillRect(wx, wy, cell, cell);
        }
      }
      x += w;
    }
    g.setColor(Color.getHSBColor((float) hue, 0.12f, (float) (light * 0.8)));
    g.fillRect(0, sidewalk, width, road - sidewalk);
    g.setColor(Color.getHSBColor((float) hue, 0.2f, (float) (light * 0.3)));
    g.fillRect(0, road, width, verge - road);
    g.setColor(new Color(235, 235, 220));
    int dash = Math.max(4, width / 16);
    for (int x = (int) (rnd.nextDouble() * dash); x < width; x += 2 * dash) {
      g.fillRect(x, (road + verge) / 2 - 1, dash, 3);
    }
    g.setColor(Color.getHSBColor((float) (hue + 0.3), 0.55f, (float) (light * 0.55)));
    g.fillRect(0, verge, width, height - verge);
  }

  /** A fixed per-pixel grain of +-6 levels, like sensor noise frozen in place. */
  private void addGrain(SplittableRandom rnd) {
    for (int i = 0; i < background.length; i++) {
      int v = (background[i] & 0xff) + rnd.nextInt(13) - 6;
      background[i] = (byte) Math.max(0, Math.min(255, v));
    }
  }

  private void addMovers(SplittableRandom rnd, double hue, double light) {
    int cars = 1 + rnd.nextInt(2);
    int people = 2 + rnd.nextInt(2);
    double roadTop = height * ROAD_TOP;
    double roadBottom = height * ROAD_BOTTOM;
    for (int i = 0; i < cars; i++) {
      int w = (int) (width * (0.13 + 0.06 * rnd.nextDouble()));
      int h = (int) (height * (0.06 + 0.02 * rnd.nextDouble()));
      boolean upperLane = i % 2 == 0;
      double y = upperLane ? roadTop + 4 : (roadTop + roadBottom) / 2 + 4;
      double speed = width * (0.02 + 0.025 * rnd.nextDouble()) * (upperLane ? 1 : -1);
      Color c = Color.getHSBColor((float) (hue + 0.5 + 0.3 * rnd.nextDouble()), 0.8f, 0.9f);
      movers.add(new Mover(rnd.nextDouble() * width, y, speed, 0, w, h, y, y, true, c));
    }
    double walkTop = height * SIDEWALK_TOP - height * 0.05;
    double walkBottom = height * ROAD_TOP - height * 0.08;
    for (int i = 0; i < people; i++) {
      int w = Math.max(3, width / 40);
      int h = Math.max(8, height / 12);
      double vx = width * (0.004 + 0.008 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
      double vy = height * (0.002 + 0.004 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
      float b = (float) Math.max(0.2, light - 0.5 * rnd.nextDouble());
      Color c = Color.getHSBColor((float) rnd.nextDouble(), 0.6f, b);
      double y = walkTop + rnd.nextDouble() * (walkBottom - walkTop);
      movers.add(
          new Mover(rnd.nextDouble() * width, y, vx, vy, w, h, walkTop, walkBottom, false, c));
    }
  }

  /** Maps v into [lo, hi) periodically: objects leave one side and re-enter at the other. */
  static double wrap(double v, double lo, double hi) {
    double span = hi - lo;
    return lo + ((v - lo) % span + span) % span;
  }

  /** Folds v into [lo, hi] as if it bounced off both ends (a triangle wave). */
  static double bounce(double v, double lo, double hi) {
    double span = hi - lo;
    if (span <= 0) {
      return lo;
    }
    double u = ((v - lo) % (2 * span) + 2 * span) % (2 * span);
    return lo + (u <= span ? u : 2 * span - u);
  }
}
