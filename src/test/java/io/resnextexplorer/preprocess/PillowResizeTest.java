package io.resnextexplorer.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.testing.Fixtures;
import java.util.ArrayList;
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
