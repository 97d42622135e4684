package io.resnextexplorer.heatmap;

/**
 * A classifier's linear layer after global average pooling: {@code y[c] = sum_k w[c,k] * mean(A_k)
 * + b[c]}, with the Gemm's alpha and beta already folded in.
 *
 * @param classes number of classes
 * @param channels number of feature channels C
 * @param weights row-major [classes, C]
 * @param bias [classes] (zeros when the layer has none)
 */
public record LinearHead(int classes, int channels, float[] weights, float[] bias) {
    public LinearHead {
        if (weights.length != classes * channels || bias.length != classes) {
            throw new IllegalArgumentException(
                    "a " + classes + "x" + channels + " head needs as many weights and biases");
        }
    }

    /**
     * Builds the head from the stored tensors.
     *
     * @param w the weight initializer's values
     * @param classesFirst true when {@code w} is [classes, C], false when [C, classes]
     * @param b the bias values ([classes], or one value broadcast), or null
     * @param alpha scale of the product (Gemm alpha)
     * @param beta scale of the bias (Gemm beta)
     */
    public static LinearHead of(
            float[] w, int classes, boolean classesFirst, float[] b, float alpha, float beta) {
        if (classes <= 0 || w.length % classes != 0) {
            throw new IllegalArgumentException(
                    w.length + " weights do not split into " + classes + " classes");
        }
        int channels = w.length / classes;
        float[] weights = new float[w.length];
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < channels; k++) {
                float v = classesFirst ? w[c * channels + k] : w[k * classes + c];
                weights[c * channels + k] = alpha * v;
            }
        }
        float[] bias = new float[classes];
        if (b != null) {
            if (b.length != classes && b.length != 1) {
                throw new IllegalArgumentException(
                        b.length + " bias values for " + classes + " classes");
            }
            for (int c = 0; c < classes; c++) {
                bias[c] = beta * (b.length == 1 ? b[0] : b[c]);
            }
        }
        return new LinearHead(classes, channels, weights, bias);
    }
}
