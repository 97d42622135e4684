package io.resnextexplorer.model;

import java.util.Arrays;

/**
 * A float32 tensor copied out of the runtime.
 *
 * @param data row-major values, length = product of {@code shape}
 * @param shape dimensions, e.g. [N, classes] or [N, C, h, w]
 */
public record Tensor(float[] data, long[] shape) {
    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape "
                            + Arrays.toString(shape)
                            + " does not hold "
                            + data.length
                            + " values");
        }
    }

    /** The values of item {@code i} of the first (batch) dimension. */
    public float[] item(int i) {
        int per = shape[0] == 0 ? 0 : data.length / (int) shape[0];
        return Arrays.copyOfRange(data, i * per, (i + 1) * per);
    }
}
