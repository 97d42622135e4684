package io.resnextexplorer.preprocess;

import io.resnextexplorer.model.Interpolation;

/**
 * The convolution kernels of Pillow's antialiased resampler, with the support radius (in source
 * pixels at scale 1) that Pillow gives each one.
 */
enum ResampleFilter {
    BOX(0.5) {
        @Override
        double weight(double x) {
            return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
        }
    },
    BILINEAR(1.0) {
        @Override
        double weight(double x) {
            double ax = Math.abs(x);
            return ax < 1.0 ? 1.0 - ax : 0.0;
        }
    },
    HAMMING(1.0) {
        @Override
        double weight(double x) {
            double ax = Math.abs(x);
            if (ax == 0.0) {
                return 1.0;
            }
            if (ax >= 1.0) {
                return 0.0;
            }
            double px = ax * Math.PI;
            // Pillow writes the window constants as C floats; widen the same float values.
            return Math.sin(px) / px * ((double) 0.54f + (double) 0.46f * Math.cos(px));
        }
    },
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            final double a = -0.5;
            double ax = Math.abs(x);
            if (ax < 1.0) {
                return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
            }
            if (ax < 2.0) {
                return (((ax - 5) * ax + 8) * ax - 4) * a;
            }
            return 0.0;
        }
    },
    LANCZOS(3.0) {
        @Override
        double weight(double x) {
            if (-3.0 <= x && x < 3.0) {
                return sinc(x) * sinc(x / 3);
            }
            return 0.0;
        }
    };

    private final double support;

    ResampleFilter(double support) {
        this.support = support;
    }

    /** Filter radius in source pixels before scaling by the downscale factor. */
    double support() {
        return support;
    }

    /** Kernel weight at distance {@code x} (in filter units) from the sample center. */
    abstract double weight(double x);

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return Math.sin(px) / px;
    }

    static ResampleFilter of(Interpolation interpolation) {
        return switch (interpolation) {
            case BOX -> BOX;
            case BILINEAR -> BILINEAR;
            case HAMMING -> HAMMING;
            case BICUBIC -> BICUBIC;
            case LANCZOS -> LANCZOS;
            case NEAREST ->
                    throw new IllegalArgumentException(
                            "nearest is not a convolution filter; Pillow samples it separately");
        };
    }
}
