package io.resnextexplorer.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.testing.Fixtures;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PillowResizeTest {

    static Stream<Arguments> pillowGoldens() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : Fixtures.json("resize/manifest.json").get("resize")) {
            cases.add(
                    Arguments.of(
                            c.get("filter").asText(),
                            c.get("source").asText(),
                            c.get("sourceWidth").asInt(),
                            c.get("sourceHeight").asInt(),
                            c.get("width").asInt(),
                            c.get("height").asInt(),
                            c.get("expected").asText()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2}x{3} -> {4}x{5}")
    @MethodSource("pillowGoldens")
    void resizeEqualsPillowExactly(
            String filter, String source, int sw, int sh, int width, int height, String expected) {
        RgbImage src = new RgbImage(sw, sh, Fixtures.bytes("resize/" + source));

        RgbImage out = PillowResize.resize(src, width, height, Interpolation.fromTimmName(filter));

        assertThat(out.width()).isEqualTo(width);
        assertThat(out.height()).isEqualTo(height);
        assertThat(maxAbsDiff(out.rgb(), Fixtures.bytes("resize/" + expected)))
                .as("max |Java - Pillow| in 8-bit units")
                .isZero();
    }

    static Stream<Arguments> largeHashedGoldens() {
        List<Arguments> cases = new ArrayList<>();
        JsonNode big = Fixtures.json("resize/manifest.json").get("large_formula_source");
        for (JsonNode c : big.get("resized")) {
            cases.add(
                    Arguments.of(
                            c.get("filter").asText(),
                            c.get("width").asInt(),
                            c.get("height").asInt(),
                            c.get("sha256").asText()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} 1600x1200 -> {1}x{2}")
    @MethodSource("largeHashedGoldens")
    void largeMultiThreadedResizeEqualsPillowExactly(
            String filter, int width, int height, String sha256) throws Exception {
        int w = 1600;
        int h = 1200;
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    long v = 7L * x + 13L * y + 50L * c + (((long) x * y) >> 5);
                    px[(y * w + x) * 3 + c] = (byte) (v & 255);
                }
            }
        }

        RgbImage out =
                PillowResize.resize(
                        new RgbImage(w, h, px), width, height, Interpolation.fromTimmName(filter));

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.rgb());
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(sha256);
    }

    @Test
    void sameSizeResizeReturnsTheSourceUnchanged() {
        RgbImage src = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});

        assertThat(PillowResize.resize(src, 2, 1, Interpolation.BICUBIC)).isSameAs(src);
    }

    static int maxAbsDiff(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return max;
    }
}
