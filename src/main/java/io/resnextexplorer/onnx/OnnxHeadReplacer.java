package io.resnextexplorer.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a copy of an image classifier with a new linear head: the graph up to its feature map is
 * kept byte for byte (nodes, weights, shapes), everything after it (the old pooling and classifier)
 * is dropped, and {@code GlobalAveragePool -> Flatten -> Gemm} is added on the feature map.
 * Outputs: {@code logits} [N, classes] and the feature map under its own name; the metadata is
 * replaced whole by the caller's. Works on the protobuf wire format (field numbers of onnx.proto's
 * ModelProto, GraphProto, NodeProto, TensorProto and ValueInfoProto); the new parts are built by
 * {@link OnnxModelWriter}.
 */
public final class OnnxHeadReplacer {
    // ModelProto
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_METADATA_PROPS = 14;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    // TensorProto / ValueInfoProto
    private static final int TENSOR_NAME = 8;
    private static final int VALUE_NAME = 1;

    /** Names of the tensors the head adds; refused if the backbone already uses them. */
    public static final String WEIGHT = "head.weight";

    public static final String BIAS = "head.bias";

    private OnnxHeadReplacer() {}

    /** One field of a message: its number and, for a length-delimited one, its bytes. */
    private record Field(int number, int wireType, long varint, ByteString bytes) {}

    /**
     * @param source an ONNX image classifier whose weights are inside the file (no external data)
     * @param features the name of its feature-map output [N, C, h, w]
     * @param weight the new classifier, [classes][C] (row k = class k's weights)
     * @param bias [classes]
     * @param metadata the new file's metadata_props, replacing the source's
     * @param producerVersion recorded as the producer's version
     * @param out where to write
     * @throws IllegalArgumentException when the file cannot get a new head (external data, no such
     *     output, a name clash), in words
     * @throws IOException when the file cannot be read or written
     */
    public static void write(
            Path source,
            String features,
            float[][] weight,
            float[] bias,
            Map<String, String> metadata,
            String producerVersion,
            Path out)
            throws IOException {
        OnnxModel structure = OnnxGraphReader.read(source);
        String label = source.getFileName().toString();
        if (structure.initializers().stream().anyMatch(OnnxTensor::external)) {
            throw refused(
                    label,
                    "its weights are in a separate data file; a new head can only be added to a"
                            + " self-contained model");
        }
        int classes = weight.length;
        int channels = classes == 0 ? 0 : weight[0].length;
        if (classes == 0 || bias.length != classes) {
            throw new IllegalArgumentException(
                    "head of " + classes + " rows with " + bias.length + " biases");
        }
        byte[] file = Files.readAllBytes(source);
        List<Field> model =
                fields(aliased(com.google.protobuf.UnsafeByteOperations.unsafeWrap(file)));
        Field graphField =
                model.stream().filter(f -> f.number() == MODEL_GRAPH).findFirst().orElseThrow();
        List<Field> graph = fields(aliased(graphField.bytes()));

        // Keep exactly the nodes the feature map depends on, walking back from it.
        Set<String> needed = new HashSet<>(List.of(features));
        List<Field> nodes = graph.stream().filter(f -> f.number() == GRAPH_NODE).toList();
        boolean[] keep = new boolean[nodes.size()];
        Set<String> produced = new HashSet<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            List<Field> n = fields(aliased(nodes.get(i).bytes()));
            List<String> outs = strings(n, NODE_OUTPUT);
            if (outs.stream().anyMatch(needed::contains)) {
                keep[i] = true;
                needed.addAll(strings(n, NODE_INPUT));
                produced.addAll(outs);
            }
        }
        if (!produced.contains(features)) {
            throw refused(label, "no node computes '" + features + "'");
        }
        for (String name : List.of(WEIGHT, BIAS, "head.pooled", "head.flat", "logits")) {
            if (needed.contains(name)) {
                throw refused(label, "its backbone already has a tensor named '" + name + "'");
            }
        }

        OnnxModelWriter head =
                new OnnxModelWriter("head", 0)
                        .output("logits", "batch", (long) classes)
                        .initializer(
                                WEIGHT,
                                new long[] {classes, channels},
                                () -> {
                                    float[] w = new float[classes * channels];
                                    for (int k = 0; k < classes; k++) {
                                        System.arraycopy(weight[k], 0, w, k * channels, channels);
                                    }
                                    return w;
                                })
                        .initializer(BIAS, new long[] {classes}, bias::clone);
        head.node(
                "GlobalAveragePool",
                "/head/GlobalAveragePool",
                List.of(features),
                List.of("head.pooled"));
        head.node("Flatten", "/head/Flatten", List.of("head.pooled"), List.of("head.flat"))
                .attr("axis", 1L);
        head.node("Gemm", "/head/Gemm", List.of("head.flat", WEIGHT, BIAS), List.of("logits"))
                .attr("transB", 1L);

        OnnxModelWriter.ProtoMessage newGraph = new OnnxModelWriter.ProtoMessage();
        int node = 0;
        ByteString featuresInfo = null;
        for (Field f : graph) {
            switch (f.number()) {
                case GRAPH_NODE -> {
                    if (keep[node++]) {
                        newGraph.bytes(GRAPH_NODE, f.bytes());
                    }
                }
                case GRAPH_INITIALIZER, GRAPH_SPARSE_INITIALIZER -> {
                    if (needed.contains(name(f, TENSOR_NAME))) {
                        newGraph.bytes(f.number(), f.bytes());
                    }
                }
                case GRAPH_INPUT, GRAPH_VALUE_INFO -> {
                    if (needed.contains(name(f, VALUE_NAME))) {
                        newGraph.bytes(f.number(), f.bytes());
                    }
                }
                case GRAPH_OUTPUT -> {
                    if (name(f, VALUE_NAME).equals(features)) {
                        featuresInfo = f.bytes();
                    }
                }
                default -> copy(newGraph, f);
            }
        }
        if (featuresInfo == null) {
            throw refused(label, "'" + features + "' is not a graph output");
        }
        // Nodes stay in topological order: the head comes after everything it reads.
        head.nodeMessages().forEach(m -> newGraph.message(GRAPH_NODE, m));
        head.initializerMessages().forEach(m -> newGraph.message(GRAPH_INITIALIZER, m));
        head.outputMessages().forEach(m -> newGraph.message(GRAPH_OUTPUT, m));
        newGraph.bytes(GRAPH_OUTPUT, featuresInfo);

        OnnxModelWriter.ProtoMessage newModel = new OnnxModelWriter.ProtoMessage();
        for (Field f : model) {
            switch (f.number()) {
                case MODEL_GRAPH -> newModel.message(MODEL_GRAPH, newGraph);
                case MODEL_METADATA_PROPS, MODEL_PRODUCER_NAME, MODEL_PRODUCER_VERSION -> {}
                default -> copy(newModel, f);
            }
        }
        newModel.string(MODEL_PRODUCER_NAME, "resnext-explorer");
        newModel.string(MODEL_PRODUCER_VERSION, producerVersion);
        metadata.forEach(
                (k, v) ->
                        newModel.message(
                                MODEL_METADATA_PROPS,
                                new OnnxModelWriter.ProtoMessage()
                                        .string(ENTRY_KEY, k)
                                        .string(ENTRY_VALUE, v)));
        if (newModel.size() > Integer.MAX_VALUE) {
            throw new IOException("model is larger than 2 GB, too large for one ONNX file");
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            CodedOutputStream cos = CodedOutputStream.newInstance(os, 1 << 16);
            newModel.writeFields(cos);
            cos.flush();
        }
    }

    private static IllegalArgumentException refused(String file, String why) {
        return new IllegalArgumentException(file + " cannot get a new head: " + why);
    }

    private static CodedInputStream aliased(ByteString bytes) {
        CodedInputStream in = bytes.newCodedInput();
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        return in;
    }

    private static List<Field> fields(CodedInputStream in) throws IOException {
        List<Field> out = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return out;
            }
            int number = WireFormat.getTagFieldNumber(tag);
            int type = WireFormat.getTagWireType(tag);
            switch (type) {
                case WireFormat.WIRETYPE_VARINT ->
                        out.add(new Field(number, type, in.readInt64(), null));
                case WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                        out.add(new Field(number, type, 0, in.readBytes()));
                case WireFormat.WIRETYPE_FIXED32 ->
                        out.add(new Field(number, type, in.readFixed32(), null));
                case WireFormat.WIRETYPE_FIXED64 ->
                        out.add(new Field(number, type, in.readFixed64(), null));
                default -> throw new IOException("unexpected protobuf wire type " + type);
            }
        }
    }

    private static void copy(OnnxModelWriter.ProtoMessage to, Field f) {
        switch (f.wireType()) {
            case WireFormat.WIRETYPE_VARINT -> to.varint(f.number(), f.varint());
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> to.bytes(f.number(), f.bytes());
            default ->
                    // No ONNX message we copy uses fixed-width fields; dropping one would be wrong.
                    throw new IllegalStateException(
                            "fixed-width field " + f.number() + " cannot be copied");
        }
    }

    private static List<String> strings(List<Field> message, int number) {
        List<String> out = new ArrayList<>();
        for (Field f : message) {
            if (f.number() == number && f.bytes() != null) {
                out.add(f.bytes().toStringUtf8());
            }
        }
        return out;
    }

    private static String name(Field f, int nameField) throws IOException {
        List<String> names = strings(fields(aliased(f.bytes())), nameField);
        return names.isEmpty() ? "" : names.get(0);
    }
}
