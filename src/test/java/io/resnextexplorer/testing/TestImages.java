package io.resnextexplorer.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small image files for tests, written with ImageIO. */
public final class TestImages {
    private TestImages() {}

    /**
     * Writes a w x h PNG of one colour in a 16-pixel checkerboard of {@code rgb} and its half shade
     * (so the image has edges, and each colour gives a different picture).
     *
     * @param rgb 0xRRGGBB
     */
    public static Path png(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int shade = ((x / 16 + y / 16) % 2 == 0) ? rgb : (rgb & 0xFEFEFE) >> 1;
                bi.setRGB(x, y, shade);
            }
        }
        ImageIO.write(bi, "png", file.toFile());
        return file;
    }
}
