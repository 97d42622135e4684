package io.resnextexplorer.imageio;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifOrientationTest {

    /** A 3x2 image whose pixels are numbered 1..6 in reading order (value in every channel). */
    private static final RgbImage NUMBERED = image(3, 2, 1, 2, 3, 4, 5, 6);

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, 3, 2, 1 2 3 4 5 6",
        "2, 3, 2, 3 2 1 6 5 4",
        "3, 3, 2, 6 5 4 3 2 1",
        "4, 3, 2, 4 5 6 1 2 3",
        "5, 2, 3, 1 4 2 5 3 6",
        "6, 2, 3, 4 1 5 2 6 3",
        "7, 2, 3, 6 3 5 2 4 1",
        "8, 2, 3, 3 6 2 5 1 4",
    })
    void appliesEachOrientationAsPillowsExifTranspose(int orientation, int w, int h, String px) {
        RgbImage out = ExifOrientation.apply(NUMBERED, orientation);

        assertThat(out.width()).isEqualTo(w);
        assertThat(out.height()).isEqualTo(h);
        int[] expected =
                java.util.Arrays.stream(px.split(" ")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(out.get(i % w, i / w, 0)).isEqualTo(expected[i]);
        }
    }

    private static RgbImage image(int w, int h, int... values) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < values.length; i++) {
            rgb[3 * i] = (byte) values[i];
            rgb[3 * i + 1] = (byte) values[i];
            rgb[3 * i + 2] = (byte) values[i];
        }
        return new RgbImage(w, h, rgb);
    }
}
