package io.resnextexplorer.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes an in-memory copy of a model with more graph outputs, without parsing or rewriting it.
 *
 * <p>Protocol buffers merge a repeated occurrence of a singular embedded message field, and append
 * to its repeated fields. So appending the bytes of {@code ModelProto { graph { output {...} } }}
 * to a serialized model adds outputs to its graph; every other byte stays as it was. ONNX Runtime
 * needs each output's element type (float32 here); the shape it infers.
 */
public final class ExtraOutputs {
    private ExtraOutputs() {}

    /** The model's bytes followed by a graph fragment declaring {@code names} as float outputs. */
    public static byte[] append(Path model, List<String> names) throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        byte[] fragment = fragment(names);
        byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + fragment.length);
        System.arraycopy(fragment, 0, out, bytes.length, fragment.length);
        return out;
    }

    /**
     * {@code ModelProto.graph(7) { output(12) { name(1), type(2) { tensor_type(1) {
     * elem_type(1)=FLOAT } } } }}.
     */
    static byte[] fragment(List<String> names) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (String name : names) {
            byte[] tensor = {0x08, 0x01}; // TypeProto.Tensor { elem_type: FLOAT }
            byte[] type = message(1, tensor); // TypeProto { tensor_type }
            ByteArrayOutputStream vi = new ByteArrayOutputStream();
            vi.writeBytes(message(1, name.getBytes(StandardCharsets.UTF_8)));
            vi.writeBytes(message(2, type));
            graph.writeBytes(message(12, vi.toByteArray()));
        }
        return message(7, graph.toByteArray());
    }

    private static byte[] message(int field, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, ((long) field << 3) | ProtoInput.WIRE_LEN);
        varint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
