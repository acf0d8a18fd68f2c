package io.tokenprune.deploy.eval;

import io.tokenprune.schemas.policy.Granularity;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The needle figure: exact match per (depth, length) cell as a red-to-green grid, one panel for the
 * full context and one for GemFilter at the best layer and k=128, depth down and length across, as
 * in the GemFilter paper's needle plots. Drawn headless with java.awt.
 */
public final class NeedleHeatmap {
  private static final int CELL_W = 84;
  private static final int CELL_H = 34;
  private static final int LEFT = 70;
  private static final int TOP = 64;
  private static final int GAP = 60;
  private static final int BOTTOM = 56;

  private NeedleHeatmap() {}

  public static void write(NeedleReport report, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    NeedleEvalConfig config = report.config();
    Tally tally = report.tally();
    List<Integer> lengths = config.lengths();
    int best = report.bestLayer();
    Method[] panels = {Method.FULL, Method.gemFilter(best, report.headlineK(), Granularity.TOKEN)};
    String[] titles = {
      String.format(Locale.ROOT, "Full context (EM %.3f)", tally.em(panels[0])),
      String.format(
          Locale.ROOT,
          "GemFilter L=%d k=%d (EM %.3f)",
          best,
          report.headlineK(),
          tally.em(panels[1]))
    };
    int panelW = lengths.size() * CELL_W;
    int width = LEFT + panels.length * panelW + (panels.length - 1) * GAP + 20;
    int height = TOP + config.depths() * CELL_H + BOTTOM;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      for (int p = 0; p < panels.length; p++) {
        int x0 = LEFT + p * (panelW + GAP);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(titles[p], x0, 24);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        fm = g.getFontMetrics();
        for (int d = 0; d < config.depths(); d++) {
          for (int li = 0; li < lengths.size(); li++) {
            double em = tally.em(panels[p], li, d);
            int x = x0 + li * CELL_W;
            int y = TOP + d * CELL_H;
            g.setColor(colour(em));
            g.fillRect(x, y, CELL_W, CELL_H);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1));
            g.drawRect(x, y, CELL_W, CELL_H);
            String v = Double.isNaN(em) ? "-" : String.format(Locale.ROOT, "%.2f", em);
            g.setColor(Color.BLACK);
            g.drawString(v, x + (CELL_W - fm.stringWidth(v)) / 2, y + CELL_H / 2 + 5);
          }
        }
        for (int li = 0; li < lengths.size(); li++) {
          String t = Integer.toString(lengths.get(li));
          g.drawString(
              t,
              x0 + li * CELL_W + (CELL_W - fm.stringWidth(t)) / 2,
              TOP + config.depths() * CELL_H + 18);
        }
        g.drawString(
            "context length (tokens)", x0 + panelW / 2 - 60, TOP + config.depths() * CELL_H + 40);
      }
      for (int d = 0; d < config.depths(); d++) {
        String t = String.format(Locale.ROOT, "%.0f%%", 100 * config.depth(d));
        g.drawString(t, LEFT - 8 - fm.stringWidth(t), TOP + d * CELL_H + CELL_H / 2 + 5);
      }
      g.drawString("depth", 8, TOP - 10);
    } finally {
      g.dispose();
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(image, "png", png.toFile());
  }

  /** Red (0) through yellow to green (1); grey when the cell is empty. */
  static Color colour(double em) {
    if (Double.isNaN(em)) {
      return new Color(220, 220, 220);
    }
    double v = Math.max(0, Math.min(1, em));
    int r = (int) Math.round(v < 0.5 ? 230 : 230 - (v - 0.5) * 2 * 140);
    int gr = (int) Math.round(v < 0.5 ? 80 + v * 2 * 150 : 230);
    return new Color(r, gr, 90);
  }
}
