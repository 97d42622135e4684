package io.resnextexplorer.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Makes an in-memory copy of a model with more graph outputs, without parsing or rewriting it.
 *
 * <p>Protocol buffers merge a repeated occurrence of a singular embedded message field, and append
 * to its repeated fields. So appending the bytes of {@code ModelProto { graph { node {...} output
 * {...} } }} to a serialized model adds nodes and outputs to its graph; every other byte stays as
 * it was. ONNX Runtime needs each output's element type (float32 here); the shape it infers.
 */
public final class ExtraOutputs {
    /** Opset 18 moved ReduceMean's axes from an attribute to a second input. */
    private static final long AXES_AS_INPUT_OPSET = 18;

    private static final int INT64 = 7;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private ExtraOutputs() {}

    /**
     * The mean over channels (axis 1, kept) of {@code input}, as the graph output {@code output}:
     * [N, 1, h, w] instead of the [N, C, h, w] activation.
     */
    public record ChannelMean(String input, String output) {}

    /**
     * The model's bytes followed by a graph fragment declaring {@code names} as float outputs, in a
     * direct buffer (read straight from the file, never through the Java heap: resnext101 is 354
     * MB, and ONNX Runtime reads a direct buffer without another copy).
     */
    public static ByteBuffer append(Path model, List<String> names) throws IOException {
        return append(model, names, List.of(), AXES_AS_INPUT_OPSET);
    }

    /**
     * Like {@link #append(Path, List)}, and also computes each of {@code means} in the graph.
     *
     * @param opset the model's default-domain opset (ReduceMean's form depends on it)
     */
    public static ByteBuffer append(
            Path model, List<String> names, List<ChannelMean> means, long opset)
            throws IOException {
        return append(model, fragment(names, means, opset));
    }

    /**
     * Writes the model's bytes followed by {@code fragment} to {@code out} (a file ONNX Runtime can
     * load by path, which takes less memory than loading the same bytes from a buffer).
     */
    public static void write(Path model, byte[] fragment, Path out) throws IOException {
        try (FileChannel in = FileChannel.open(model, StandardOpenOption.READ);
                FileChannel o =
                        FileChannel.open(
                                out,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            for (long pos = 0; pos < size; ) {
                pos += in.transferTo(pos, size - pos, o);
            }
            o.write(ByteBuffer.wrap(fragment), size);
        }
    }

    /** The model's bytes followed by {@code fragment}, in a direct buffer. */
    public static ByteBuffer append(Path model, byte[] fragment) throws IOException {
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size + fragment.length > Integer.MAX_VALUE) {
                throw new IOException(
                        model.getFileName()
                                + " is over 2 GB: protobuf cannot hold it in one piece");
            }
            ByteBuffer out = ByteBuffer.allocateDirect((int) size + fragment.length);
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

    static byte[] fragment(List<String> names) {
        return fragment(names, List.of(), AXES_AS_INPUT_OPSET);
    }

    /**
     * The bytes to append to a model for {@code names} as extra float outputs and {@code means}
     * computed in the graph (see {@link #append(Path, List, List, long)}).
     *
     * <p>Why the stage means are computed in the graph: a stage's full activation is megabytes
     * (256x56x56 floats for a ResNeXt's first stage), and copying five of them out of ONNX Runtime
     * on every run cost a fifth of the run itself, for maps reduced to one channel straight away.
     *
     * <p>{@code ModelProto.graph(7) { node(1)..., initializer(5)?, output(12) { name(1), type(2) {
     * tensor_type(1) { elem_type(1)=FLOAT } } }... }}.
     */
    public static byte[] fragment(List<String> names, List<ChannelMean> means, long opset) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        boolean axesInput = opset >= AXES_AS_INPUT_OPSET;
        String axesName = means.isEmpty() ? null : uniqueAxesName(means);
        for (ChannelMean m : means) {
            ByteArrayOutputStream node = new ByteArrayOutputStream();
            node.writeBytes(message(1, utf8(m.input())));
            if (axesInput) {
                node.writeBytes(message(1, utf8(axesName)));
            }
            node.writeBytes(message(2, utf8(m.output())));
            node.writeBytes(message(3, utf8(m.output())));
            node.writeBytes(message(4, utf8("ReduceMean")));
            if (!axesInput) {
                node.writeBytes(message(5, attribute("axes", ATTR_INTS, 8, 1)));
            }
            node.writeBytes(message(5, attribute("keepdims", ATTR_INT, 3, 1)));
            graph.writeBytes(message(1, node.toByteArray()));
        }
        if (axesInput && axesName != null) {
            ByteArrayOutputStream tensor = new ByteArrayOutputStream();
            tag(tensor, 1, 0); // dims: [1]
            varint(tensor, 1);
            tag(tensor, 2, 0); // data_type: INT64
            varint(tensor, INT64);
            tensor.writeBytes(message(8, utf8(axesName)));
            byte[] one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1).array();
            tensor.writeBytes(message(9, one));
            graph.writeBytes(message(5, tensor.toByteArray()));
        }
        for (String name : names) {
            graph.writeBytes(floatOutput(name));
        }
        for (ChannelMean m : means) {
            graph.writeBytes(floatOutput(m.output()));
        }
        return message(7, graph.toByteArray());
    }

    private static String uniqueAxesName(List<ChannelMean> means) {
        // Derived from an output name the caller already made unique in the graph.
        return means.get(0).output() + "/axes";
    }

    private static byte[] floatOutput(String name) {
        byte[] tensor = {0x08, 0x01}; // TypeProto.Tensor { elem_type: FLOAT }
        byte[] type = message(1, tensor); // TypeProto { tensor_type }
        ByteArrayOutputStream vi = new ByteArrayOutputStream();
        vi.writeBytes(message(1, utf8(name)));
        vi.writeBytes(message(2, type));
        return message(12, vi.toByteArray());
    }

    /** AttributeProto { name(1), i(3) or ints(8), type(20) }. */
    private static byte[] attribute(String name, int type, int valueField, long value) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.writeBytes(message(1, utf8(name)));
        tag(a, valueField, 0);
        varint(a, value);
        tag(a, 20, 0);
        varint(a, type);
        return a.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] message(int field, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, field, ProtoInput.WIRE_LEN);
        varint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void tag(ByteArrayOutputStream out, int field, int wire) {
        varint(out, ((long) field << 3) | wire);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
