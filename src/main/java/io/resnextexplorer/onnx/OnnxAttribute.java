package io.resnextexplorer.onnx;

import java.util.List;

/**
 * A node attribute. Only the field that matches {@link #type()} is meaningful; graph-valued
 * attributes (If/Loop bodies) are not read and appear with type "GRAPH" and no value.
 *
 * @param name attribute name
 * @param type ONNX attribute type name: FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS,
 *     TENSORS, GRAPHS, SPARSE_TENSOR, ...; "UNDEFINED" if missing
 * @param floatValue value of a FLOAT attribute
 * @param intValue value of an INT attribute
 * @param stringValue value of a STRING attribute (UTF-8 decoded)
 * @param floats values of a FLOATS attribute
 * @param ints values of an INTS attribute
 * @param strings values of a STRINGS attribute
 * @param tensor value of a TENSOR attribute (metadata and small int values only)
 */
public record OnnxAttribute(
        String name,
        String type,
        float floatValue,
        long intValue,
        String stringValue,
        List<Float> floats,
        List<Long> ints,
        List<String> strings,
        OnnxTensor tensor) {

    public OnnxAttribute {
        floats = List.copyOf(floats);
        ints = List.copyOf(ints);
        strings = List.copyOf(strings);
    }
}
