package io.resnextexplorer.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Resizing only the crop window gives exactly the pixels of resizing fully and then cropping (whose
 * equality with Pillow the fixture tests prove), for every filter, for up- and downscaling, one
 * axis kept, and windows that leave the image (CenterCrop's padding).
 */
class ResizeCroppedTest {
    @Test
    void windowEqualsFullResizeThenCropForRandomSizesFiltersAndWindows() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            RgbImage src = noise(random, 1 + random.nextInt(90), 1 + random.nextInt(90));
            Interpolation filter =
                    Interpolation.values()[random.nextInt(Interpolation.values().length)];
            int w = random.nextInt(4) == 0 ? src.width() : 1 + random.nextInt(120);
            int h = random.nextInt(4) == 0 ? src.height() : 1 + random.nextInt(120);
            int cw = 1 + random.nextInt(100);
            int ch = 1 + random.nextInt(100);
            int cx = random.nextInt(w + 40) - 20;
            int cy = random.nextInt(h + 40) - 20;
            RgbImage expected =
                    Preprocessor.crop(PillowResize.resize(src, w, h, filter), cx, cy, cw, ch);
            RgbImage actual = PillowResize.resizeCropped(src, w, h, filter, cx, cy, cw, ch);
            String what =
                    String.format(
                            "%dx%d -> %dx%d %s, window %d,%d %dx%d",
                            src.width(), src.height(), w, h, filter, cx, cy, cw, ch);
            assertThat(actual.width()).as(what).isEqualTo(cw);
            assertThat(actual.height()).as(what).isEqualTo(ch);
            assertThat(actual.rgb()).as(what).isEqualTo(expected.rgb());
        }
    }

    @Test
    void aCenterCropOfAPhotoSizedImageIsTheSameAsTheFullResize() {
        Random random = new Random(3);
        RgbImage src = noise(random, 640, 480);
        for (Interpolation filter : Interpolation.values()) {
            RgbImage full = PillowResize.resize(src, 341, 256, filter);
            assertThat(PillowResize.resizeCropped(src, 341, 256, filter, 58, 16, 224, 224).rgb())
                    .as(filter.toString())
                    .isEqualTo(Preprocessor.crop(full, 58, 16, 224, 224).rgb());
        }
    }

    private static RgbImage noise(Random random, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        random.nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }
}
