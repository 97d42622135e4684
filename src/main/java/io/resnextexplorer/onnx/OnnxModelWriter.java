package io.resnextexplorer.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes one self-contained ONNX model file (float32 graph, initializers inline) from a small
 * in-memory description: inputs, outputs, nodes, initializers and metadata_props.
 *
 * <p>The protobuf wire format is written with protobuf-java's {@link CodedOutputStream}; the ONNX
 * messages themselves are built by {@link ProtoMessage} from the field numbers of onnx.proto (named
 * constants below), see docs/decisions/0013-onnx-writer-and-hub-import.md. Initializer data is
 * produced lazily, one tensor at a time while writing, so a 350 MB model never needs a second copy
 * of its weights in memory.
 */
public final class OnnxModelWriter {
    /** ONNX TensorProto.DataType.FLOAT. */
    public static final int FLOAT = 1;

    // IR version 8 is the first that allows opset 18 (ONNX 1.13); ORT 1.29 reads up to 11.
    private static final long IR_VERSION = 8;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_F = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto / Dimension
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final String graphName;
    private final int opset;
    private final List<ProtoMessage> inputs = new ArrayList<>();
    private final List<ProtoMessage> outputs = new ArrayList<>();
    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String producerName = "resnext-explorer";
    private String producerVersion = "";
    private long initializerElements;

    /**
     * @param graphName the graph's name
     * @param opset the default-domain opset the nodes are written for (e.g. 18)
     */
    public OnnxModelWriter(String graphName, int opset) {
        this.graphName = graphName;
        this.opset = opset;
    }

    /** The ModelProto producer fields. */
    public OnnxModelWriter producer(String name, String version) {
        this.producerName = name;
        this.producerVersion = version;
        return this;
    }

    /**
     * A float32 graph input or output. A dimension is a fixed size ({@code Long}) or a symbolic one
     * ({@code String}, e.g. "batch").
     */
    public OnnxModelWriter input(String name, Object... dims) {
        inputs.add(valueInfo(name, dims));
        return this;
    }

    /** See {@link #input}. */
    public OnnxModelWriter output(String name, Object... dims) {
        outputs.add(valueInfo(name, dims));
        return this;
    }

    /**
     * A float32 initializer. {@code data} is called once, while the file is written, and must
     * return exactly the product of {@code dims} values in row-major order.
     */
    public OnnxModelWriter initializer(String name, long[] dims, Supplier<float[]> data) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        initializerElements += count;
        ProtoMessage t = new ProtoMessage();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        t.varint(TENSOR_DATA_TYPE, FLOAT);
        t.string(TENSOR_NAME, name);
        t.floats(TENSOR_RAW_DATA, count, name, data);
        initializers.add(t);
        return this;
    }

    /** Sum of the element counts of all initializers added so far. */
    public long initializerElements() {
        return initializerElements;
    }

    /** Starts a node; add its attributes on the returned builder. */
    public Node node(String opType, String name, List<String> nodeInputs, List<String> out) {
        ProtoMessage n = new ProtoMessage();
        for (String i : nodeInputs) {
            n.string(NODE_INPUT, i);
        }
        for (String o : out) {
            n.string(NODE_OUTPUT, o);
        }
        n.string(NODE_NAME, name);
        n.string(NODE_OP_TYPE, opType);
        nodes.add(n);
        return new Node(n);
    }

    /** One metadata_props entry (insertion order is kept). */
    public OnnxModelWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** A node's attributes. */
    public static final class Node {
        private final ProtoMessage node;

        private Node(ProtoMessage node) {
            this.node = node;
        }

        public Node attr(String name, long value) {
            ProtoMessage a = new ProtoMessage().string(ATTR_NAME, name).varint(ATTR_I, value);
            node.message(NODE_ATTRIBUTE, a.varint(ATTR_TYPE, ATTR_TYPE_INT));
            return this;
        }

        public Node attr(String name, float value) {
            ProtoMessage a = new ProtoMessage().string(ATTR_NAME, name).float32(ATTR_F, value);
            node.message(NODE_ATTRIBUTE, a.varint(ATTR_TYPE, ATTR_TYPE_FLOAT));
            return this;
        }

        public Node attr(String name, long... values) {
            ProtoMessage a = new ProtoMessage().string(ATTR_NAME, name);
            for (long v : values) {
                a.varint(ATTR_INTS, v);
            }
            node.message(NODE_ATTRIBUTE, a.varint(ATTR_TYPE, ATTR_TYPE_INTS));
            return this;
        }
    }

    /**
     * Writes the model to {@code file} (replaced if it exists).
     *
     * @throws IOException on a write error, or an {@link IllegalStateException} from an initializer
     *     supplier that returned the wrong number of values
     */
    public void write(Path file) throws IOException {
        ProtoMessage graph = new ProtoMessage();
        nodes.forEach(n -> graph.message(GRAPH_NODE, n));
        graph.string(GRAPH_NAME, graphName);
        initializers.forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        inputs.forEach(v -> graph.message(GRAPH_INPUT, v));
        outputs.forEach(v -> graph.message(GRAPH_OUTPUT, v));

        ProtoMessage model = new ProtoMessage();
        model.varint(MODEL_IR_VERSION, IR_VERSION);
        model.string(MODEL_PRODUCER_NAME, producerName);
        model.string(MODEL_PRODUCER_VERSION, producerVersion);
        model.message(MODEL_GRAPH, graph);
        model.message(
                MODEL_OPSET_IMPORT,
                new ProtoMessage().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, opset));
        metadata.forEach(
                (k, v) ->
                        model.message(
                                MODEL_METADATA_PROPS,
                                new ProtoMessage().string(ENTRY_KEY, k).string(ENTRY_VALUE, v)));
        if (model.size() > Integer.MAX_VALUE) {
            // protobuf's hard limit; ORT refuses larger files without external data.
            throw new IOException("model is larger than 2 GB, too large for one ONNX file");
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            CodedOutputStream out = CodedOutputStream.newInstance(os, 1 << 16);
            model.writeFields(out);
            out.flush();
        }
    }

    private static ProtoMessage valueInfo(String name, Object... dims) {
        ProtoMessage shape = new ProtoMessage();
        for (Object d : dims) {
            ProtoMessage dim = new ProtoMessage();
            if (d instanceof String s) {
                dim.string(DIM_PARAM, s);
            } else if (d instanceof Number n) {
                dim.varint(DIM_VALUE, n.longValue());
            } else {
                throw new IllegalArgumentException("dimension must be a number or a name: " + d);
            }
            shape.message(SHAPE_DIM, dim);
        }
        ProtoMessage tensorType =
                new ProtoMessage()
                        .varint(TENSOR_TYPE_ELEM, FLOAT)
                        .message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoMessage()
                .string(VALUE_NAME, name)
                .message(VALUE_TYPE, new ProtoMessage().message(TYPE_TENSOR, tensorType));
    }

    /**
     * A protobuf message as an ordered list of fields, each knowing its encoded size, so nested
     * messages can be length-prefixed without first serialising them into memory.
     */
    static final class ProtoMessage {
        private interface Field {
            long size();

            void write(CodedOutputStream out) throws IOException;
        }

        private final List<Field> fields = new ArrayList<>();
        private long size = -1;

        ProtoMessage varint(int number, long value) {
            fields.add(
                    new Field() {
                        public long size() {
                            return CodedOutputStream.computeInt64Size(number, value);
                        }

                        public void write(CodedOutputStream out) throws IOException {
                            out.writeInt64(number, value);
                        }
                    });
            return this;
        }

        ProtoMessage float32(int number, float value) {
            fields.add(
                    new Field() {
                        public long size() {
                            return CodedOutputStream.computeFloatSize(number, value);
                        }

                        public void write(CodedOutputStream out) throws IOException {
                            out.writeFloat(number, value);
                        }
                    });
            return this;
        }

        ProtoMessage string(int number, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            fields.add(
                    new Field() {
                        public long size() {
                            return CodedOutputStream.computeByteArraySize(number, bytes);
                        }

                        public void write(CodedOutputStream out) throws IOException {
                            out.writeByteArray(number, bytes);
                        }
                    });
            return this;
        }

        ProtoMessage message(int number, ProtoMessage child) {
            fields.add(
                    new Field() {
                        public long size() {
                            long inner = child.size();
                            return CodedOutputStream.computeTagSize(number)
                                    + CodedOutputStream.computeUInt64SizeNoTag(inner)
                                    + inner;
                        }

                        public void write(CodedOutputStream out) throws IOException {
                            out.writeTag(number, 2);
                            out.writeUInt64NoTag(child.size());
                            child.writeFields(out);
                        }
                    });
            return this;
        }

        /** A bytes field holding {@code count} little-endian float32 values from {@code data}. */
        ProtoMessage floats(int number, long count, String what, Supplier<float[]> data) {
            long bytes = count * Float.BYTES;
            fields.add(
                    new Field() {
                        public long size() {
                            return CodedOutputStream.computeTagSize(number)
                                    + CodedOutputStream.computeUInt64SizeNoTag(bytes)
                                    + bytes;
                        }

                        public void write(CodedOutputStream out) throws IOException {
                            float[] values = data.get();
                            if (values.length != count) {
                                throw new IllegalStateException(
                                        what + ": " + values.length + " values, expected " + count);
                            }
                            out.writeTag(number, 2);
                            out.writeUInt64NoTag(bytes);
                            ByteBuffer chunk =
                                    ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                            for (float v : values) {
                                if (!chunk.hasRemaining()) {
                                    out.writeRawBytes(chunk.array(), 0, chunk.position());
                                    chunk.clear();
                                }
                                chunk.putFloat(v);
                            }
                            out.writeRawBytes(chunk.array(), 0, chunk.position());
                        }
                    });
            return this;
        }

        long size() {
            if (size < 0) {
                long s = 0;
                for (Field f : fields) {
                    s += f.size();
                }
                size = s;
            }
            return size;
        }

        void writeFields(CodedOutputStream out) throws IOException {
            for (Field f : fields) {
                f.write(out);
            }
        }
    }
}
