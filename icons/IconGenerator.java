import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the ResNeXt Explorer icon: a ResNeXt block (grouped parallel paths between two nodes,
 * with the identity shortcut in yellow) on an indigo-violet rounded square. Writes the SVG and
 * the PNGs from the same geometry, so they match.
 *
 * <p>Run from the repository root: {@code java icons/IconGenerator.java}. Writes icons/*.png,
 * icons/resnext-explorer.svg and the copies the app loads from its classpath
 * (src/main/resources/io/resnextexplorer/app/icons/).
 */
public final class IconGenerator {
    static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256, 512);
    static final String FROM = "#4C6EF5";
    static final String TO = "#7950F2";
    static final String ACCENT = "#FFD43B";
    static final double CX = 230;
    static final double TOP = 112;
    static final double BOTTOM = 400;
    static final double NODE_R = 30;
    static final double[] SPREAD = {-120, -40, 40, 120};

    public static void main(String[] args) throws IOException {
        Path out = Path.of("icons");
        Path res = Path.of("src/main/resources/io/resnextexplorer/app/icons");
        Files.createDirectories(out);
        Files.createDirectories(res);
        Files.writeString(out.resolve("resnext-explorer.svg"), svg());
        for (int size : SIZES) {
            BufferedImage img = render(size);
            ImageIO.write(img, "png", out.resolve("icon-" + size + ".png").toFile());
            ImageIO.write(img, "png", res.resolve("icon-" + size + ".png").toFile());
        }
    }

    /** Strokes get relatively bolder at small sizes so the branches stay visible. */
    static double stroke(int size) {
        return size <= 16 ? 44 : size <= 32 ? 34 : size <= 64 ? 28 : 22;
    }

    static BufferedImage render(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 512.0, size / 512.0);
        g.setPaint(new GradientPaint(16, 16, Color.decode(FROM), 496, 496, Color.decode(TO)));
        g.fill(new RoundRectangle2D.Double(16, 16, 480, 480, 208, 208));
        float w = (float) stroke(size);
        g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(Color.decode(ACCENT));
        g.draw(shortcut());
        g.setColor(Color.WHITE);
        for (double dx : SPREAD) {
            g.draw(branch(dx));
        }
        double r = NODE_R + (w - 22) / 2;
        g.fill(new Ellipse2D.Double(CX - r, TOP - r, 2 * r, 2 * r));
        g.fill(new Ellipse2D.Double(CX - r, BOTTOM - r, 2 * r, 2 * r));
        g.dispose();
        return img;
    }

    static Path2D branch(double dx) {
        Path2D p = new Path2D.Double();
        p.moveTo(CX, TOP + 28);
        p.curveTo(CX + dx, TOP + 88, CX + dx, BOTTOM - 88, CX, BOTTOM - 28);
        return p;
    }

    static Path2D shortcut() {
        Path2D p = new Path2D.Double();
        p.moveTo(CX + 30, TOP);
        p.curveTo(444, TOP, 444, BOTTOM, CX + 30, BOTTOM);
        return p;
    }

    static String svg() {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"512\" height=\"512\" viewBox=\"0 0 512 512\">\n");
        s.append("  <title>ResNeXt Explorer</title>\n");
        s.append("  <defs><linearGradient id=\"bg\" x1=\"16\" y1=\"16\" x2=\"496\" y2=\"496\" gradientUnits=\"userSpaceOnUse\">")
                .append("<stop offset=\"0\" stop-color=\"" + FROM + "\"/><stop offset=\"1\" stop-color=\"" + TO + "\"/>")
                .append("</linearGradient></defs>\n");
        s.append("  <rect x=\"16\" y=\"16\" width=\"480\" height=\"480\" rx=\"104\" fill=\"url(#bg)\"/>\n");
        s.append("  <g fill=\"none\" stroke-width=\"22\" stroke-linecap=\"round\">\n");
        s.append(String.format(java.util.Locale.ROOT,
                "    <path d=\"M%.0f,%.0f C444,%.0f 444,%.0f %.0f,%.0f\" stroke=\"%s\"/>\n",
                CX + 30, TOP, TOP, BOTTOM, CX + 30, BOTTOM, ACCENT));
        for (double dx : SPREAD) {
            s.append(String.format(java.util.Locale.ROOT,
                    "    <path d=\"M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f\" stroke=\"#FFFFFF\"/>\n",
                    CX, TOP + 28, CX + dx, TOP + 88, CX + dx, BOTTOM - 88, CX, BOTTOM - 28));
        }
        s.append("  </g>\n");
        s.append(String.format(java.util.Locale.ROOT,
                "  <circle cx=\"%.0f\" cy=\"%.0f\" r=\"%.0f\" fill=\"#FFFFFF\"/>\n", CX, TOP, NODE_R));
        s.append(String.format(java.util.Locale.ROOT,
                "  <circle cx=\"%.0f\" cy=\"%.0f\" r=\"%.0f\" fill=\"#FFFFFF\"/>\n", CX, BOTTOM, NODE_R));
        s.append("</svg>\n");
        return s.toString();
    }
}
