package io.resnextexplorer.onnx;

import java.io.IOException;

/**
 * The file is not an ONNX model, or it is one that ends early. The message is meant for a person:
 * it starts with "not an ONNX model: " or "truncated ONNX file: " and names the file and, where
 * known, the byte offset.
 */
public final class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    static OnnxFormatException notOnnx(String file, String why) {
        return new OnnxFormatException("not an ONNX model: " + file + ": " + why);
    }

    static OnnxFormatException truncated(String file, String why) {
        return new OnnxFormatException("truncated ONNX file: " + file + ": " + why);
    }
}
