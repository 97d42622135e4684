package io.resnextexplorer.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * The model's bytes followed by a graph fragment declaring {@code names} as float outputs, in a
     * direct buffer (read straight from the file, never through the Java heap: resnext101 is 354
     * MB, and ONNX Runtime reads a direct buffer without another copy).
     */
    public static java.nio.ByteBuffer append(Path model, List<String> names) throws IOException {
        byte[] fragment = fragment(names);
        try (java.nio.channels.FileChannel ch =
                java.nio.channels.FileChannel.open(model, java.nio.file.StandardOpenOption.READ)) {
            long size = ch.size();
            if (size + fragment.length > Integer.MAX_VALUE) {
                throw new IOException(
                        model.getFileName()
                                + " is over 2 GB: protobuf cannot hold it in one piece");
            }
            java.nio.ByteBuffer out =
                    java.nio.ByteBuffer.allocateDirect((int) size + fragment.length);
            while (out.position() < size) {
                if (ch.read(out) < 0) {
                    throw new IOException(model.getFileName() + " ended while being read");
                }
            }
            out.put(fragment);
            out.flip();
            return out;
        }
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
