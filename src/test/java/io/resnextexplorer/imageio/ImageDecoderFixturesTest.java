package io.resnextexplorer.imageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.resnextexplorer.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decodes every fixture and compares with Pillow's {@code convert("RGB")} (plus EXIF). */
class ImageDecoderFixturesTest {

    /**
     * Largest JPEG difference we accept, in 8-bit units. Measured: 0 on every fixture (the JDK's
     * libjpeg and libjpeg-turbo share the integer IDCT and fancy upsampling, and the colour
     * conversion is libjpeg's, done here), but other encoders' files may differ slightly.
     */
    private static final int JPEG_MAX_DIFF = 2;

    /**
     * Lossy WebP: TwelveMonkeys' VP8 decoder is not libwebp (different chroma upsampling), so
     * differences are larger. Measured: max 16, mean 1.3 on the fixture. A known gap.
     */
    private static final int LOSSY_WEBP_MAX_DIFF = 24;

    private final ImageDecoder decoder = new ImageDecoder();

    static Stream<Arguments> entries(String kindFilter) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : Fixtures.json("imageio/manifest.json").get("entries")) {
            String kind = e.get("kind").asText();
            boolean invalid = kind.equals("invalid");
            boolean exact = !invalid && e.get("exact").asBoolean();
            boolean keep =
                    switch (kindFilter) {
                        case "exact" -> exact;
                        case "lossy" -> !invalid && !exact;
                        case "invalid" -> invalid;
                        default -> e.has("expectedWithoutExif");
                    };
            if (keep) {
                out.add(Arguments.of(e.get("file").asText(), e));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> exactEntries() {
        return entries("exact");
    }

    static Stream<Arguments> lossyEntries() {
        return entries("lossy");
    }

    static Stream<Arguments> invalidEntries() {
        return entries("invalid");
    }

    static Stream<Arguments> orientedEntries() {
        return entries("oriented");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactEntries")
    void decodesLosslessFormatsExactlyLikePillow(String file, JsonNode e) throws Exception {
        DecodedImage d = decoder.decode(Fixtures.path("imageio/" + file));

        assertMatches(d, e);
        assertThat(diff(d, e.get("expected").asText()).max).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossyEntries")
    void decodesJpegWithinTwoLevelsAndLossyWebpWithinBoundOfPillow(String file, JsonNode e)
            throws Exception {
        DecodedImage d = decoder.decode(Fixtures.path("imageio/" + file));

        assertMatches(d, e);
        Diff diff = diff(d, e.get("expected").asText());
        // Figures for the report; the bound is the assertion.
        System.out.printf(
                Locale.ROOT,
                "decode %-22s vs Pillow: max %d, mean %.4f, %.2f%% of samples differ%n",
                file,
                diff.max,
                diff.mean,
                100.0 * diff.differing / diff.samples);
        assertThat(diff.max)
                .isLessThanOrEqualTo(
                        d.format() == ImageFormat.WEBP ? LOSSY_WEBP_MAX_DIFF : JPEG_MAX_DIFF);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orientedEntries")
    void exifOrientationCanBeIgnoredToMatchTimmsOwnLoader(String file, JsonNode e)
            throws Exception {
        ImageDecoder timmLike = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, false);

        DecodedImage d = timmLike.decode(Fixtures.path("imageio/" + file));

        assertThat(d.exifOrientation()).isEqualTo(1);
        assertThat(d.orientationApplied()).isFalse();
        assertThat(d.image().width()).isEqualTo(e.get("originalWidth").asInt());
        Diff diff = diff(d, e.get("expectedWithoutExif").asText());
        assertThat(diff.max).isLessThanOrEqualTo(e.get("exact").asBoolean() ? 0 : JPEG_MAX_DIFF);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEntries")
    void rejectsBadFilesWithAReadableMessage(String file, JsonNode e) {
        Path path = Fixtures.path("imageio/" + file);

        assertThatThrownBy(() -> decoder.decode(path))
                .isInstanceOf(ImageReadException.class)
                .hasMessageContaining(file)
                .message()
                .satisfies(
                        m -> {
                            assertThat(m.toLowerCase(Locale.ROOT))
                                    .contains(
                                            e.get("messageContains")
                                                    .asText()
                                                    .toLowerCase(Locale.ROOT));
                            assertThat(m).doesNotContain("Exception").endsWith(".");
                        });
    }

    private static void assertMatches(DecodedImage d, JsonNode e) {
        assertThat(d.format().name()).isEqualTo(e.get("kind").asText().toUpperCase(Locale.ROOT));
        assertThat(d.image().width()).isEqualTo(e.get("width").asInt());
        assertThat(d.image().height()).isEqualTo(e.get("height").asInt());
        assertThat(d.originalWidth()).isEqualTo(e.get("originalWidth").asInt());
        assertThat(d.originalHeight()).isEqualTo(e.get("originalHeight").asInt());
        int orientation = e.has("orientation") ? e.get("orientation").asInt() : 1;
        assertThat(d.exifOrientation()).isEqualTo(orientation);
        assertThat(d.orientationApplied()).isEqualTo(orientation != 1);
    }

    private record Diff(int max, double mean, long differing, long samples) {}

    private static Diff diff(DecodedImage d, String expectedResource) {
        byte[] a = d.image().rgb();
        byte[] b = Fixtures.bytes("imageio/" + expectedResource);
        assertThat(a).hasSameSizeAs(b);
        int max = 0;
        long sum = 0;
        long differing = 0;
        for (int i = 0; i < a.length; i++) {
            int v = Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
            max = Math.max(max, v);
            sum += v;
            if (v != 0) {
                differing++;
            }
        }
        return new Diff(max, (double) sum / a.length, differing, a.length);
    }
}
