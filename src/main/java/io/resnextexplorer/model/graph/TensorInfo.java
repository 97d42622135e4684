package io.resnextexplorer.model.graph;

/**
 * A graph input or output as declared in the ONNX file.
 *
 * @param name tensor name
 * @param elementType ONNX element type name, e.g. "float32", "int64"; "undefined" if not declared
 * @param shape declared shape, or null when the file declares none
 */
public record TensorInfo(String name, String elementType, TensorShape shape) {}
