package io.resnextexplorer.preprocess;

import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.RgbImage;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Resizes an {@link RgbImage} with the same arithmetic as Pillow's {@code Image.resize(size,
 * resample)} (no box, no reducing_gap), which is what torchvision's {@code Resize} calls for PIL
 * images. The results are bit-identical to Pillow 12's for 8-bit RGB images.
 *
 * <p>For the convolution filters this is Pillow's two-pass, antialiased, fixed-point resampler:
 * per-output-pixel kernel weights computed in double precision with the filter support widened by
 * the downscale factor, normalized to sum 1, converted to integers with 22 fractional bits,
 * accumulated in 32-bit ints with a half-unit rounding bias, shifted and clipped to 0..255. The
 * horizontal pass runs first on only the source rows that the vertical pass will read, then the
 * vertical pass; each pass is skipped when its axis keeps its size. {@link Interpolation#NEAREST}
 * follows Pillow's separate affine nearest-neighbour path.
 */
public final class PillowResize {

    /** Fractional bits of the fixed-point weights: 32 - 8 (pixel) - 2 (headroom). */
    static final int PRECISION_BITS = 32 - 8 - 2;

    /** Below this many multiply-adds a pass runs on the calling thread. */
    private static final long PARALLEL_WORK_THRESHOLD = 2_000_000L;

    /** Upper bound on the threads one resize uses. */
    private static final int MAX_THREADS = 8;

    private PillowResize() {}

    /**
     * Resizes {@code src} to {@code width x height} pixels.
     *
     * @param src source image (any size)
     * @param width output width in pixels, at least 1
     * @param height output height in pixels, at least 1
     * @param interpolation Pillow filter
     * @return a new image; {@code src} itself when the size does not change (Pillow copies)
     */
    public static RgbImage resize(
            RgbImage src, int width, int height, Interpolation interpolation) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "resize target must be at least 1x1, got " + width + "x" + height);
        }
        if (width == src.width() && height == src.height()) {
            return src;
        }
        if (interpolation == Interpolation.NEAREST) {
            return nearest(src, width, height);
        }
        ResampleFilter filter = ResampleFilter.of(interpolation);
        Coefficients horizontal = Coefficients.compute(src.width(), width, filter);
        Coefficients vertical = Coefficients.compute(src.height(), height, filter);
        boolean needHorizontal = width != src.width();
        boolean needVertical = height != src.height();
        // Pillow 12 resizes very tall images (height > 100 * width) vertically first.
        if (src.height() > src.width() * 100L && height < src.height()) {
            RgbImage tmp = needVertical ? vertical(src, 0, vertical) : src;
            return needHorizontal ? horizontal(tmp, 0, tmp.height(), horizontal) : tmp;
        }
        if (!needHorizontal) {
            return vertical(src, 0, vertical);
        }
        // Only rows first..last of the source feed the vertical pass.
        int first = vertical.bounds[0];
        int last = vertical.bounds[2 * (height - 1)] + vertical.bounds[2 * (height - 1) + 1];
        RgbImage tmp = horizontal(src, first, last - first, horizontal);
        if (!needVertical) {
            return tmp;
        }
        return vertical(tmp, first, vertical);
    }

    /**
     * The {@code cropWidth x cropHeight} window at ({@code cropX}, {@code cropY}) of {@code
     * resize(src, width, height, interpolation)}, black where the window leaves the resized image
     * (torchvision's CenterCrop padding) — computing only the resized pixels inside the window.
     * Every output pixel of Pillow's resampler depends only on its own kernel, so the window is
     * bit-identical to resizing fully and cropping; a center crop to 224 of a 256-high resize skips
     * about a third of the work.
     */
    public static RgbImage resizeCropped(
            RgbImage src,
            int width,
            int height,
            Interpolation interpolation,
            int cropX,
            int cropY,
            int cropWidth,
            int cropHeight) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "resize target must be at least 1x1, got " + width + "x" + height);
        }
        boolean tall = src.height() > src.width() * 100L && height < src.height();
        if (interpolation == Interpolation.NEAREST
                || tall
                || (width == src.width() && height == src.height())) {
            // Cheap or rare paths: resize fully (a no-op when the size is kept), then crop.
            return Preprocessor.crop(
                    resize(src, width, height, interpolation), cropX, cropY, cropWidth, cropHeight);
        }
        int xs = Math.max(cropX, 0);
        int xe = Math.min(cropX + cropWidth, width);
        int ys = Math.max(cropY, 0);
        int ye = Math.min(cropY + cropHeight, height);
        if (xe <= xs || ye <= ys) {
            return new RgbImage(cropWidth, cropHeight, new byte[cropWidth * cropHeight * 3]);
        }
        ResampleFilter filter = ResampleFilter.of(interpolation);
        boolean needHorizontal = width != src.width();
        boolean needVertical = height != src.height();
        Coefficients vertical =
                needVertical ? Coefficients.compute(src.height(), height, filter) : null;
        // The source rows the window's output rows read (kernel bounds grow with the index).
        int first = needVertical ? vertical.bounds[2 * ys] : ys;
        int last =
                needVertical
                        ? vertical.bounds[2 * (ye - 1)] + vertical.bounds[2 * (ye - 1) + 1]
                        : ye;
        RgbImage rows =
                needHorizontal
                        ? horizontal(
                                src,
                                first,
                                last - first,
                                Coefficients.compute(src.width(), width, filter),
                                xs,
                                xe)
                        : Preprocessor.crop(src, xs, first, xe - xs, last - first);
        RgbImage window = needVertical ? vertical(rows, first, vertical, ys, ye) : rows;
        return Preprocessor.crop(window, cropX - xs, cropY - ys, cropWidth, cropHeight);
    }

    /** Horizontal pass over {@code rows} source rows starting at {@code rowOffset}. */
    private static RgbImage horizontal(RgbImage src, int rowOffset, int rows, Coefficients c) {
        return horizontal(src, rowOffset, rows, c, 0, c.outSize);
    }

    /** Horizontal pass computing only output columns {@code xFrom..xTo-1}. */
    private static RgbImage horizontal(
            RgbImage src, int rowOffset, int rows, Coefficients c, int xFrom, int xTo) {
        int outWidth = xTo - xFrom;
        byte[] out = new byte[outWidth * rows * 3];
        long work = (long) rows * outWidth * c.ksize;
        forBlocks(
                rows,
                work,
                (from, to) -> horizontalRows(src, rowOffset, from, to, c, xFrom, xTo, out));
        return new RgbImage(outWidth, rows, out);
    }

    /** Output rows {@code from..to-1} of the horizontal pass. */
    private static void horizontalRows(
            RgbImage src,
            int rowOffset,
            int from,
            int to,
            Coefficients c,
            int xFrom,
            int xTo,
            byte[] out) {
        byte[] in = src.rgb();
        int inStride = src.width() * 3;
        int outWidth = xTo - xFrom;
        int[] kk = c.weights;
        int[] bounds = c.bounds;
        int ksize = c.ksize;
        int half = 1 << (PRECISION_BITS - 1);
        for (int yy = from; yy < to; yy++) {
            int rowStart = (yy + rowOffset) * inStride;
            int o = yy * outWidth * 3;
            for (int xx = xFrom; xx < xTo; xx++) {
                int xmin = bounds[2 * xx];
                int n = bounds[2 * xx + 1];
                int k = xx * ksize;
                int s0 = half;
                int s1 = half;
                int s2 = half;
                int p = rowStart + xmin * 3;
                for (int x = 0; x < n; x++, p += 3) {
                    int w = kk[k + x];
                    s0 += (in[p] & 0xFF) * w;
                    s1 += (in[p + 1] & 0xFF) * w;
                    s2 += (in[p + 2] & 0xFF) * w;
                }
                out[o++] = clip8(s0);
                out[o++] = clip8(s1);
                out[o++] = clip8(s2);
            }
        }
    }

    /**
     * Vertical pass; {@code rowShift} is subtracted from the kernel bounds because {@code src}
     * holds only the rows from that source row on.
     */
    private static RgbImage vertical(RgbImage src, int rowShift, Coefficients c) {
        return vertical(src, rowShift, c, 0, c.outSize);
    }

    /** Vertical pass computing only output rows {@code yFrom..yTo-1}. */
    private static RgbImage vertical(
            RgbImage src, int rowShift, Coefficients c, int yFrom, int yTo) {
        int rows = yTo - yFrom;
        byte[] out = new byte[src.width() * 3 * rows];
        long work = (long) rows * src.width() * c.ksize;
        forBlocks(
                rows,
                work,
                (from, to) -> verticalRows(src, rowShift, from + yFrom, to + yFrom, c, yFrom, out));
        return new RgbImage(src.width(), rows, out);
    }

    /** Output rows {@code from..to-1} of the vertical pass. */
    private static void verticalRows(
            RgbImage src, int rowShift, int from, int to, Coefficients c, int yFrom, byte[] out) {
        byte[] in = src.rgb();
        int stride = src.width() * 3;
        int[] kk = c.weights;
        int[] bounds = c.bounds;
        int ksize = c.ksize;
        int half = 1 << (PRECISION_BITS - 1);
        int[] acc = new int[stride];
        for (int yy = from; yy < to; yy++) {
            int ymin = bounds[2 * yy] - rowShift;
            int n = bounds[2 * yy + 1];
            int k = yy * ksize;
            Arrays.fill(acc, half);
            // Row-major accumulation keeps memory access sequential; the integer sums are
            // identical to Pillow's per-pixel loop because int addition is associative.
            for (int y = 0; y < n; y++) {
                int w = kk[k + y];
                int p = (ymin + y) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (in[p + i] & 0xFF) * w;
                }
            }
            int o = (yy - yFrom) * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = clip8(acc[i]);
            }
        }
    }

    /** A range of output rows. */
    private interface RowRange {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over rows 0..rows-1, split into blocks on the common fork-join pool when
     * the pass is large enough to gain from it. Each output row depends only on its inputs, so the
     * result does not depend on the split.
     */
    private static void forBlocks(int rows, long work, RowRange task) {
        // A parallel stream also runs tasks on the calling thread: parallelism + 1 in total.
        int threads = Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, MAX_THREADS);
        if (work < PARALLEL_WORK_THRESHOLD || threads < 2 || rows < 2 * threads) {
            task.run(0, rows);
            return;
        }
        int blocks = Math.min(rows, threads * 4);
        IntStream.range(0, blocks)
                .parallel()
                .forEach(b -> task.run(rows * b / blocks, rows * (b + 1) / blocks));
    }

    private static byte clip8(int v) {
        int s = v >> PRECISION_BITS;
        if (s < 0) {
            return 0;
        }
        if (s > 255) {
            return (byte) 255;
        }
        return (byte) s;
    }

    /**
     * Pillow's nearest-neighbour scale: source positions start half a step in and accumulate in
     * double steps; a position outside the source (only possible through rounding) stays black.
     */
    private static RgbImage nearest(RgbImage src, int width, int height) {
        double ax = (double) src.width() / width;
        double ay = (double) src.height() / height;
        int[] xin = new int[width];
        double xo = ax * 0.5;
        for (int x = 0; x < width; x++) {
            int xi = xo < 0.0 ? -1 : (int) xo;
            xin[x] = xi < src.width() ? xi : -1;
            xo += ax;
        }
        byte[] in = src.rgb();
        byte[] out = new byte[width * height * 3];
        int inStride = src.width() * 3;
        double yo = ay * 0.5;
        for (int y = 0; y < height; y++) {
            int yi = yo < 0.0 ? -1 : (int) yo;
            if (yi >= 0 && yi < src.height()) {
                int row = yi * inStride;
                int o = y * width * 3;
                for (int x = 0; x < width; x++, o += 3) {
                    if (xin[x] >= 0) {
                        int p = row + xin[x] * 3;
                        out[o] = in[p];
                        out[o + 1] = in[p + 1];
                        out[o + 2] = in[p + 2];
                    }
                }
            }
            yo += ay;
        }
        return new RgbImage(width, height, out);
    }

    /** Kernel bounds and fixed-point weights for one axis, as Pillow precomputes them. */
    static final class Coefficients {
        final int outSize;
        final int ksize;

        /** Pairs (first source index, number of taps) per output index. */
        final int[] bounds;

        /** {@code ksize} weights per output index, scaled by 2^22 and rounded half away. */
        final int[] weights;

        private Coefficients(int outSize, int ksize, int[] bounds, int[] weights) {
            this.outSize = outSize;
            this.ksize = ksize;
            this.bounds = bounds;
            this.weights = weights;
        }

        static Coefficients compute(int inSize, int outSize, ResampleFilter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            double ss = 1.0 / filterScale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = filter.weight((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? k[x] / ww : k[x];
                    weights[xx * ksize + x] =
                            v < 0
                                    ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                                    : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
            return new Coefficients(outSize, ksize, bounds, weights);
        }
    }
}
