package io.resnextexplorer.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreprocessorTest {

    static Stream<Arguments> timmEvalGoldens() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : Fixtures.json("resize/manifest.json").get("timm_eval")) {
            cases.add(Arguments.of(c.get("crop").asText(), c));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timmEvalGoldens")
    void cropEqualsTimmEvalTransformExactly(String name, JsonNode c) {
        Preprocessor p = new Preprocessor(spec(c));

        RgbImage crop = p.resizeAndCrop(source(c));

        assertThat(crop.width()).isEqualTo(c.get("inputWidth").asInt());
        assertThat(crop.height()).isEqualTo(c.get("inputHeight").asInt());
        assertThat(PillowResizeTest.maxAbsDiff(crop.rgb(), Fixtures.bytes("resize/" + name)))
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timmEvalGoldens")
    void tensorEqualsTimmEvalTransformBitForBit(String name, JsonNode c) {
        Preprocessor p = new Preprocessor(spec(c));

        float[] tensor = p.preprocess(source(c));

        float[] expected = Fixtures.floats("resize/" + c.get("tensor").asText());
        assertThat(tensor).hasSameSizeAs(expected);
        float maxDiff = 0;
        for (int i = 0; i < tensor.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(tensor[i] - expected[i]));
        }
        assertThat(maxDiff).as("max |Java - timm|").isZero();
    }

    @Test
    void squareScaleResizesShorterSideAndTruncatesLongerSide() {
        // 224 / 0.875 = 256; 640x427 -> int(256 * 640 / 427) = 383.
        Preprocessor p = new Preprocessor(spec(224, 224, Interpolation.BICUBIC, 0.875));

        CropGeometry g = p.cropGeometry(640, 427);

        assertThat(g.resizedWidth()).isEqualTo(383);
        assertThat(g.resizedHeight()).isEqualTo(256);
        assertThat(g.cropX()).isEqualTo(80); // round(159 / 2) = 80 (half to even)
        assertThat(g.cropY()).isEqualTo(16);
    }

    @Test
    void cropOffsetRoundsHalfToEvenLikePython() {
        assertThat(Preprocessor.cropOrigin(225, 224)).isZero(); // round(0.5) = 0
        assertThat(Preprocessor.cropOrigin(227, 224)).isEqualTo(2); // round(1.5) = 2
        assertThat(Preprocessor.cropOrigin(229, 224)).isEqualTo(2); // round(2.5) = 2
    }

    @Test
    void cropLargerThanImageIsPaddedWithBlackLikeTorchvision() {
        RgbImage img = new RgbImage(1, 1, new byte[] {10, 20, 30});

        RgbImage out = Preprocessor.crop(img, Preprocessor.cropOrigin(1, 4), 0, 4, 1);

        // left padding = (4 - 1) // 2 = 1
        assertThat(out.rgb()).containsExactly(0, 0, 0, 10, 20, 30, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void cropGeometryMapsCropBackToOriginalPixels() {
        Preprocessor p = new Preprocessor(spec(224, 224, Interpolation.BILINEAR, 0.875));

        CropGeometry g = p.cropGeometry(512, 512);

        assertThat(g.resizedWidth()).isEqualTo(256);
        assertThat(g.sourceX()).isEqualTo(32.0);
        assertThat(g.sourceY()).isEqualTo(32.0);
        assertThat(g.sourceWidth()).isEqualTo(448.0);
        assertThat(g.sourceHeight()).isEqualTo(448.0);
    }

    @Test
    void nonSquareInputUsesTimmResizeKeepRatioWhichIsAlwaysBilinear() {
        Preprocessor p = new Preprocessor(spec(96, 128, Interpolation.BICUBIC, 0.9));

        assertThat(p.resizeFilter()).isEqualTo(Interpolation.BILINEAR);
        // scale (106, 142); 300x200: ratio = min(200/106, 300/142) -> (round(300/r), 106)
        CropGeometry g = p.cropGeometry(300, 200);
        assertThat(g.resizedHeight()).isEqualTo(106);
        assertThat(g.resizedWidth()).isEqualTo(159);
    }

    @Test
    void unsupportedCropModeIsRejectedWithAClearMessage() {
        PreprocessSpec squash =
                new PreprocessSpec(
                        224,
                        224,
                        Interpolation.BICUBIC,
                        0.875,
                        "squash",
                        PreprocessSpec.IMAGENET_MEAN,
                        PreprocessSpec.IMAGENET_STD,
                        Set.of());

        assertThatThrownBy(() -> new Preprocessor(squash))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("crop mode 'squash' is not supported");
    }

    @Test
    void tensorIsChwWithRgbPlanes() {
        Preprocessor p =
                new Preprocessor(
                        new PreprocessSpec(
                                1,
                                2,
                                Interpolation.BILINEAR,
                                1.0,
                                "center",
                                List.of(0.0, 0.0, 0.0),
                                List.of(1.0, 1.0, 1.0),
                                Set.of()));

        float[] t = p.toTensor(new RgbImage(2, 1, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0}));

        assertThat(t).containsExactly(1f, 0f, 0f, 1f, 0f, 0f);
    }

    /**
     * A 4000x3000 photo (the size phones take) goes through the same integer resize as the small
     * goldens: a flat colour must stay exactly that colour at every pixel of the crop, for both
     * filters. An overflow or an off-by-one window at this scale would show as a stray pixel. (The
     * speed of this path is a benchmark's business, not a test's.)
     */
    @Test
    void keepsAFlatTwelveMegapixelPhotoFlatUnderBothFilters() {
        int w = 4000;
        int h = 3000;
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) 200;
            px[i + 1] = (byte) 17;
            px[i + 2] = (byte) 99;
        }
        RgbImage photo = new RgbImage(w, h, px);
        byte[] flat = new byte[224 * 224 * 3];
        for (int i = 0; i < flat.length; i += 3) {
            flat[i] = (byte) 200;
            flat[i + 1] = (byte) 17;
            flat[i + 2] = (byte) 99;
        }
        for (Preprocessor p :
                List.of(
                        new Preprocessor(spec(224, 224, Interpolation.BICUBIC, 0.95)),
                        new Preprocessor(spec(224, 224, Interpolation.BILINEAR, 0.875)))) {
            RgbImage crop = p.resizeAndCrop(photo);

            assertThat(crop.width()).isEqualTo(224);
            assertThat(crop.height()).isEqualTo(224);
            assertThat(crop.rgb()).as(p.spec().interpolation().toString()).isEqualTo(flat);
            assertThat(p.preprocess(photo))
                    .containsExactly(p.toTensor(new RgbImage(224, 224, flat)));
        }
    }

    private static RgbImage source(JsonNode c) {
        return new RgbImage(
                c.get("sourceWidth").asInt(),
                c.get("sourceHeight").asInt(),
                Fixtures.bytes("resize/" + c.get("source").asText()));
    }

    private static PreprocessSpec spec(JsonNode c) {
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        c.get("mean").forEach(v -> mean.add(v.asDouble()));
        c.get("std").forEach(v -> std.add(v.asDouble()));
        return new PreprocessSpec(
                c.get("inputHeight").asInt(),
                c.get("inputWidth").asInt(),
                Interpolation.fromTimmName(c.get("interpolation").asText()),
                c.get("cropPct").asDouble(),
                "center",
                mean,
                std,
                Set.of());
    }

    private static PreprocessSpec spec(int h, int w, Interpolation interpolation, double crop) {
        return new PreprocessSpec(
                h,
                w,
                interpolation,
                crop,
                "center",
                PreprocessSpec.IMAGENET_MEAN,
                PreprocessSpec.IMAGENET_STD,
                Set.of());
    }
}
