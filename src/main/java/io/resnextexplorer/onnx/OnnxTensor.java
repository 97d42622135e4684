package io.resnextexplorer.onnx;

import io.resnextexplorer.model.graph.TensorShape;
import java.util.List;

/**
 * An initializer or Constant tensor, described without its payload.
 *
 * @param name tensor name ("" for an unnamed Constant value)
 * @param dims dimensions as stored
 * @param elementType ONNX element type name, e.g. "float32"
 * @param external true when data_location is EXTERNAL (the payload is in another file)
 * @param externalLocation the "location" entry of external_data, or null
 * @param int64Values the values of a small integer tensor (at most {@link
 *     OnnxGraphReader#MAX_INT_VALUES} elements; int64 or int32), else null. Used for Reshape
 *     shapes, axes and Constant values; float payloads are never read. An external small integer
 *     tensor is read from its data file when that file sits next to the model.
 */
public record OnnxTensor(
        String name,
        List<Long> dims,
        String elementType,
        boolean external,
        String externalLocation,
        List<Long> int64Values) {

    public OnnxTensor {
        dims = List.copyOf(dims);
        int64Values = int64Values == null ? null : List.copyOf(int64Values);
    }

    /** Number of elements (product of dims; 1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public TensorShape shape() {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
        }
        return TensorShape.of(d);
    }
}
