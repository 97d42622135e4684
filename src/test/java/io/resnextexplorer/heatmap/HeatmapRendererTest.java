package io.resnextexplorer.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.preprocess.Preprocessor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the overlay lands on the original image, and what a map with nothing to show draws. */
class HeatmapRendererTest {
    /** A 300x200 mid-gray image: any colour in the output comes from the map. */
    private static RgbImage gray(int w, int h) {
        byte[] b = new byte[w * h * 3];
        java.util.Arrays.fill(b, (byte) 100);
        return new RgbImage(w, h, b);
    }

    private static ActivationMap oneHotCell(int size, int cx, int cy) {
        float[] v = new float[size * size];
        v[cy * size + cx] = 1;
        return map(size, v);
    }

    private static ActivationMap map(int size, float[] v) {
        return CamMaps.channelMean(new Tensor(v, new long[] {1, 1, size, size}), "layer4");
    }

    @Test
    void theCropBoxOfTheRealPreprocessingIsWhereTheMapIsDrawn() {
        // 300x200, resize shorter side to 256 (crop 0.875 of 224) -> 384x256, crop 224 at
        // (80, 16): in the original, x 62.5..237.5, y 12.5..187.5.
        PreprocessSpec spec =
                new PreprocessSpec(
                        224,
                        224,
                        Interpolation.BILINEAR,
                        0.875,
                        "center",
                        PreprocessSpec.IMAGENET_MEAN,
                        PreprocessSpec.IMAGENET_STD,
                        Set.of());
        CropGeometry g = new Preprocessor(spec).cropGeometry(300, 200);
        CropBox box = new CropBox(g.sourceX(), g.sourceY(), g.sourceWidth(), g.sourceHeight());
        assertThat(box).isEqualTo(new CropBox(62.5, 12.5, 175, 175));

        RgbImage out =
                HeatmapRenderer.overlay(
                        gray(300, 200), box, oneHotCell(7, 0, 0), Colormap.GRAYSCALE, 1);
        // Outside the crop: dimmed, never coloured.
        assertThat(out.get(10, 100, 0)).isEqualTo(45);
        assertThat(out.get(250, 100, 0)).isEqualTo(45);
        assertThat(out.get(150, 5, 0)).isEqualTo(45);
        // The hot cell is the crop's top-left 25x25 original pixels: its centre is white ...
        assertThat(out.get(74, 24, 0)).isEqualTo(255);
        // ... and the far corner of the crop is the map's minimum (black at opacity 1).
        assertThat(out.get(236, 186, 0)).isZero();
        // The brightest pixel of the whole overlay is at the hot cell's centre.
        int best = -1;
        int bx = -1;
        int by = -1;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                if (out.get(x, y, 0) > best) {
                    best = out.get(x, y, 0);
                    bx = x;
                    by = y;
                }
            }
        }
        assertThat(bx).isBetween(62, 87);
        assertThat(by).isBetween(12, 37);
    }

    @Test
    void aKnownPictureUnderAMatchingMapLightsUpWhereItsContentIs() {
        // A synthetic picture whose content (a bright square) sits in map cell (5, 2) of a 7x7
        // map over the crop box; the map drawn from that content must light the same pixels.
        CropBox box = new CropBox(40, 10, 140, 140);
        byte[] px = new byte[220 * 160 * 3];
        int[] square = {40 + 5 * 20, 10 + 2 * 20, 20}; // x, y, side of cell (5, 2)
        for (int y = square[1]; y < square[1] + square[2]; y++) {
            for (int x = square[0]; x < square[0] + square[2]; x++) {
                java.util.Arrays.fill(px, (y * 220 + x) * 3, (y * 220 + x) * 3 + 3, (byte) 250);
            }
        }
        RgbImage picture = new RgbImage(220, 160, px);
        // The "activation": mean brightness per cell of the crop.
        float[] v = new float[49];
        for (int cy = 0; cy < 7; cy++) {
            for (int cx = 0; cx < 7; cx++) {
                double s = 0;
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 20; x++) {
                        s += picture.get(40 + cx * 20 + x, 10 + cy * 20 + y, 0);
                    }
                }
                v[cy * 7 + cx] = (float) (s / 400);
            }
        }
        RgbImage out =
                HeatmapRenderer.overlay(gray(220, 160), box, map(7, v), Colormap.GRAYSCALE, 1);
        // The cell's centre (150, 50) falls between pixels: both neighbours are near white.
        assertThat(out.get(square[0] + 9, square[1] + 9, 0)).isGreaterThan(235);
        assertThat(out.get(square[0] + 10, square[1] + 10, 0)).isGreaterThan(235);
        assertThat(out.get(square[0] - 30, square[1] + 10, 0)).isLessThan(60);
        assertThat(out.get(40 + 10, 10 + 130, 0)).isZero();
    }

    @Test
    void aMapWithNothingToShowLeavesTheCropUncolouredAndSaysWhy() {
        ActivationMap flat = map(7, new float[49]);
        assertThat(flat.drawable()).isFalse();
        assertThat(flat.note()).isEqualTo(ActivationMap.FLAT);
        assertThat(flat.scaled()).containsOnly(0f);
        RgbImage out =
                HeatmapRenderer.overlay(
                        gray(50, 50), new CropBox(0, 0, 50, 50), flat, Colormap.TURBO, 0.7);
        assertThat(out.rgb()).containsOnly((byte) 100);
    }

    @Test
    void sideBySideIsTwiceAsWideWithAGap() {
        RgbImage out =
                HeatmapRenderer.sideBySide(
                        gray(100, 40),
                        new CropBox(0, 0, 100, 40),
                        oneHotCell(7, 3, 3),
                        Colormap.VIRIDIS);
        assertThat(out.width()).isEqualTo(2 * 100 + 2);
        assertThat(out.height()).isEqualTo(40);
        // The left half is the picture itself (nothing outside the crop here).
        assertThat(out.get(10, 10, 0)).isEqualTo(100);
    }

    @Test
    void colormapsRunFromTheirFirstToTheirLastSample() {
        assertThat(Colormap.VIRIDIS.rgb(0)).isEqualTo(0x440154);
        assertThat(Colormap.VIRIDIS.rgb(1)).isEqualTo(0xfde725);
        assertThat(Colormap.INFERNO.rgb(0)).isEqualTo(0x000004);
        assertThat(Colormap.TURBO.rgb(1)).isEqualTo(0x7a0403);
        assertThat(Colormap.GRAYSCALE.rgb(0.5)).isEqualTo(0x808080);
        assertThat(Colormap.TURBO.rgb(Double.NaN)).isEqualTo(Colormap.TURBO.rgb(0));
        assertThat(List.of(Colormap.values()))
                .extracting(Colormap::id)
                .containsExactly("turbo", "viridis", "inferno", "grayscale");
    }
}
