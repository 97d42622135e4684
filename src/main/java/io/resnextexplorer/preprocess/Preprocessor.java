package io.resnextexplorer.preprocess;

import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.RgbImage;
import java.util.Locale;

/**
 * timm's eval transform for {@code crop_mode="center"}, reproduced bit for bit: resize (PIL filters
 * via {@link PillowResize}), center crop with zero padding, ToTensor and Normalize.
 *
 * <p>The resize follows {@code timm.data.create_transform(is_training=False)}: with {@code scale =
 * floor(input / crop_pct)} per axis, a square scale resizes the shorter side to {@code scale}
 * (torchvision {@code Resize(int)}: the longer side becomes {@code int(scale * long / short)}); a
 * non-square scale uses timm's {@code ResizeKeepRatio}, which divides both sides by the smaller of
 * {@code image / scale} and rounds half to even. timm does not pass the model's interpolation to
 * {@code ResizeKeepRatio}, so that branch always resizes bilinearly, and so do we.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Preprocessor {

    private final PreprocessSpec spec;
    private final int scaleHeight;
    private final int scaleWidth;
    private final float[] mean;
    private final float[] std;

    /**
     * @throws UnsupportedOperationException when the spec's crop mode is not "center" (timm's
     *     "squash" and "border" are not implemented)
     */
    public Preprocessor(PreprocessSpec spec) {
        String mode = spec.cropMode() == null ? "center" : spec.cropMode().toLowerCase(Locale.ROOT);
        if (!mode.equals("center")) {
            throw new UnsupportedOperationException(
                    "crop mode '"
                            + spec.cropMode()
                            + "' is not supported yet; only 'center' preprocessing is implemented");
        }
        this.spec = spec;
        this.scaleHeight = (int) Math.floor(spec.inputHeight() / spec.cropPct());
        this.scaleWidth = (int) Math.floor(spec.inputWidth() / spec.cropPct());
        this.mean = new float[3];
        this.std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = spec.mean().get(c).floatValue();
            std[c] = spec.std().get(c).floatValue();
        }
    }

    /** The spec this preprocessor was built from. */
    public PreprocessSpec spec() {
        return spec;
    }

    /**
     * The resize target and crop rectangle for an image of the given size, without touching pixels.
     *
     * @param imageWidth original width in pixels
     * @param imageHeight original height in pixels
     */
    public CropGeometry cropGeometry(int imageWidth, int imageHeight) {
        int[] size = resizedSize(imageWidth, imageHeight);
        int rw = size[0];
        int rh = size[1];
        int cw = spec.inputWidth();
        int ch = spec.inputHeight();
        int x = cropOrigin(rw, cw);
        int y = cropOrigin(rh, ch);
        double sx = (double) imageWidth / rw;
        double sy = (double) imageHeight / rh;
        return new CropGeometry(rw, rh, x, y, cw, ch, x * sx, y * sy, cw * sx, ch * sy);
    }

    /**
     * Resizes and center-crops {@code image} to the model's input size, exactly as timm's eval
     * transform does before ToTensor.
     *
     * @return an {@code inputWidth x inputHeight} 8-bit RGB image (what the model sees)
     */
    public RgbImage resizeAndCrop(RgbImage image) {
        CropGeometry g = cropGeometry(image.width(), image.height());
        return PillowResize.resizeCropped(
                image,
                g.resizedWidth(),
                g.resizedHeight(),
                resizeFilter(),
                g.cropX(),
                g.cropY(),
                g.cropWidth(),
                g.cropHeight());
    }

    /**
     * ToTensor then Normalize: {@code (v / 255f - mean[c]) / std[c]} in float32, the operation
     * order torch uses, so values match torch bit for bit.
     *
     * @param cropped an {@code inputWidth x inputHeight} image, usually from {@link #resizeAndCrop}
     * @return CHW float32, RGB planes, length {@code 3 * inputHeight * inputWidth} (one image of an
     *     NCHW batch)
     */
    public float[] toTensor(RgbImage cropped) {
        if (cropped.width() != spec.inputWidth() || cropped.height() != spec.inputHeight()) {
            throw new IllegalArgumentException(
                    "expected a "
                            + spec.inputWidth()
                            + "x"
                            + spec.inputHeight()
                            + " image, got "
                            + cropped.width()
                            + "x"
                            + cropped.height());
        }
        int plane = cropped.width() * cropped.height();
        byte[] rgb = cropped.rgb();
        float[] lut = new float[3 * 256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c * 256 + v] = ((float) v / 255f - mean[c]) / std[c];
            }
        }
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            out[i] = lut[rgb[3 * i] & 0xFF];
            out[plane + i] = lut[256 + (rgb[3 * i + 1] & 0xFF)];
            out[2 * plane + i] = lut[512 + (rgb[3 * i + 2] & 0xFF)];
        }
        return out;
    }

    /**
     * {@link #resizeAndCrop} then {@link #toTensor}.
     *
     * @return CHW float32, length {@code 3 * inputHeight * inputWidth}
     */
    public float[] preprocess(RgbImage image) {
        return toTensor(resizeAndCrop(image));
    }

    /** The filter actually used for the resize (bilinear in timm's non-square branch). */
    Interpolation resizeFilter() {
        return scaleHeight == scaleWidth ? spec.interpolation() : Interpolation.BILINEAR;
    }

    /** Resized (width, height) for an image of the given size. */
    int[] resizedSize(int w, int h) {
        if (scaleHeight == scaleWidth) {
            // torchvision Resize(int): shorter side -> size, longer side truncated.
            int size = scaleHeight;
            int shortSide = Math.min(w, h);
            int longSide = Math.max(w, h);
            int newLong = (int) ((double) ((long) size * longSide) / shortSide);
            return w <= h ? new int[] {size, newLong} : new int[] {newLong, size};
        }
        // timm ResizeKeepRatio(longest=0): divide by the smaller ratio, round half to even.
        double ratio = Math.min((double) h / scaleHeight, (double) w / scaleWidth);
        int newH = (int) Math.rint(h / ratio);
        int newW = (int) Math.rint(w / ratio);
        return new int[] {newW, newH};
    }

    /**
     * torchvision CenterCrop: pad (left = floor(diff / 2)) when the image is smaller, otherwise
     * offset round((size - crop) / 2) with Python's half-to-even rounding.
     */
    static int cropOrigin(int size, int crop) {
        if (crop > size) {
            return -((crop - size) / 2);
        }
        return (int) Math.rint((size - crop) / 2.0);
    }

    /** Copies a crop rectangle; pixels outside {@code src} are black. */
    static RgbImage crop(RgbImage src, int x0, int y0, int w, int h) {
        if (x0 == 0 && y0 == 0 && w == src.width() && h == src.height()) {
            return src;
        }
        byte[] in = src.rgb();
        byte[] out = new byte[w * h * 3];
        int xs = Math.max(x0, 0);
        int xe = Math.min(x0 + w, src.width());
        if (xe > xs) {
            for (int y = 0; y < h; y++) {
                int sy = y0 + y;
                if (sy < 0 || sy >= src.height()) {
                    continue;
                }
                System.arraycopy(
                        in,
                        (sy * src.width() + xs) * 3,
                        out,
                        (y * w + (xs - x0)) * 3,
                        (xe - xs) * 3);
            }
        }
        return new RgbImage(w, h, out);
    }
}
