package io.resnextexplorer.imageio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderErrorsTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void missingFileSaysItDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("holiday.jpg");

        assertThatThrownBy(() -> decoder.decode(missing))
                .isInstanceOf(ImageReadException.class)
                .hasMessage("The file '" + missing + "' does not exist.")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.NOT_FOUND);
    }

    @Test
    void folderIsNotAnImageFile(@TempDir Path dir) {
        assertThatThrownBy(() -> decoder.decode(dir))
                .isInstanceOf(ImageReadException.class)
                .hasMessageEndingWith("is a folder, not an image file.");
    }

    @Test
    void emptyFileIsReportedAsEmpty(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("cat.png"), new byte[0]);

        assertThatThrownBy(() -> decoder.decode(empty))
                .hasMessage("The file 'cat.png' is empty (0 bytes).")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.EMPTY);
    }

    @Test
    void textFileNamedJpgIsRecognizedAsText() {
        byte[] text = "just some notes\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.decode(text, "notes.jpg"))
                .hasMessage("The file 'notes.jpg' is not an image: it looks like a text file.")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.NOT_AN_IMAGE);
    }

    @Test
    void pdfHtmlAndZipAreNamed() {
        assertThatThrownBy(() -> decoder.decode(bytes("%PDF-1.7\n..."), "a.png"))
                .hasMessageContaining("looks like a PDF document");
        assertThatThrownBy(() -> decoder.decode(bytes("<!DOCTYPE html><html>"), "b.jpg"))
                .hasMessageContaining("looks like a web page (HTML)");
        assertThatThrownBy(() -> decoder.decode(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}, "c.jpg"))
                .hasMessageContaining("looks like a ZIP archive");
    }

    @Test
    void textStartingWithBmIsStillText() {
        assertThatThrownBy(() -> decoder.decode(bytes("BMW service notes, 2024\n"), "car.bmp"))
                .hasMessage("The file 'car.bmp' is not an image: it looks like a text file.");
    }

    @Test
    void heicPhotoIsAnUnsupportedFormatWithAdvice() {
        byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};

        assertThatThrownBy(() -> decoder.decode(heic, "IMG_0001.HEIC"))
                .hasMessage(
                        "The file 'IMG_0001.HEIC' is a HEIC/HEIF photo (common on iPhones);"
                                + " please convert it to JPEG or PNG.")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void unknownBinaryIsNotASupportedImage() {
        byte[] junk = {1, 2, 3, (byte) 0x99, 0, 7, 8, 9};

        assertThatThrownBy(() -> decoder.decode(junk, "x.bin"))
                .hasMessage(
                        "The file 'x.bin' is not an image in a supported format"
                                + " (JPEG, PNG, BMP, GIF, TIFF or WebP).");
    }

    @Test
    void formatComesFromContentNotFromTheExtension() throws Exception {
        byte[] png = Files.readAllBytes(Fixtures.path("imageio/png_rgb.png"));

        DecodedImage d = decoder.decode(png, "actually-a-png.jpg");

        assertThat(d.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void hugeDeclaredDimensionsAreRejectedBeforeDecoding() {
        Path huge = Fixtures.path("imageio/huge_dimensions.png");

        assertThatThrownBy(() -> decoder.decode(huge))
                .hasMessage(
                        "The image 'huge_dimensions.png' is too large: 60000 x 60000 pixels"
                                + " (3600.0 megapixels); the limit is 100.0 megapixels.")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.TOO_LARGE);
    }

    @Test
    void pixelLimitIsConfigurable() {
        ImageDecoder strict = new ImageDecoder(1000, true);

        assertThatThrownBy(() -> strict.decode(Fixtures.path("imageio/png_rgb.png")))
                .hasMessageContaining("48 x 32 pixels")
                .hasMessageContaining("the limit is 0.0 megapixels");
    }

    @Test
    void truncatedJpegIsReportedNotSilentlyPadded() {
        assertThatThrownBy(() -> decoder.decode(Fixtures.path("imageio/truncated.jpg")))
                .hasMessage(
                        "The JPEG file 'truncated.jpg' is truncated or corrupt and cannot be"
                                + " decoded.")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.CORRUPT);
    }

    @Test
    void arithmeticCodedJpegIsReportedAsUnsupportedNotCorrupt() {
        // SOI, then an SOF9 (arithmetic, sequential) header: 8-bit, 16x16, 3 components.
        byte[] jpeg = {
            (byte) 0xFF,
            (byte) 0xD8,
            (byte) 0xFF,
            (byte) 0xC9,
            0,
            17,
            8,
            0,
            16,
            0,
            16,
            3,
            1,
            0x22,
            0,
            2,
            0x11,
            1,
            3,
            0x11,
            1,
            (byte) 0xFF,
            (byte) 0xD9
        };

        assertThatThrownBy(() -> decoder.decode(jpeg, "arith.jpg"))
                .hasMessage(
                        "The JPEG file 'arith.jpg' uses arithmetic coding, which this program"
                                + " cannot decode; please re-save it as a standard JPEG or PNG.")
                .extracting(e -> ((ImageReadException) e).reason())
                .isEqualTo(ImageReadException.Reason.UNSUPPORTED_FORMAT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
