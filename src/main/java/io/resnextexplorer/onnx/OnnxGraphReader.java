package io.resnextexplorer.onnx;

import io.resnextexplorer.imageio.FileSignatures;
import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.ModelProperties;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.model.graph.TensorShape;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the structure of an ONNX file (ModelProto) with a small protocol-buffer reader of our own:
 * model fields, metadata, graph inputs/outputs, nodes with attributes, and initializer names, dims
 * and types.
 *
 * <p>The file is streamed: tensor payloads ({@code raw_data}, {@code float_data}) are skipped by
 * seeking, never copied, so a 354 MB model is read with a 64 KiB buffer. Only small integer tensors
 * (Reshape shapes, axes, Constant values) are decoded. External-data initializers are described
 * from their metadata; the external file is not opened.
 *
 * <p>Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto,
 * StringStringEntryProto).
 */
public final class OnnxGraphReader {

    /** Integer tensors up to this many elements have their values decoded. */
    public static final int MAX_INT_VALUES = 64;

    private static final String[] ELEMENT_TYPES = {
        "undefined",
        "float32",
        "uint8",
        "int8",
        "uint16",
        "int16",
        "int32",
        "int64",
        "string",
        "bool",
        "float16",
        "float64",
        "uint32",
        "uint64",
        "complex64",
        "complex128",
        "bfloat16",
        "float8e4m3fn",
        "float8e4m3fnuz",
        "float8e5m2",
        "float8e5m2fnuz",
        "uint4",
        "int4",
        "float4e2m1",
        "float8e8m0"
    };

    private static final String[] ATTRIBUTE_TYPES = {
        "UNDEFINED",
        "FLOAT",
        "INT",
        "STRING",
        "TENSOR",
        "GRAPH",
        "FLOATS",
        "INTS",
        "STRINGS",
        "TENSORS",
        "GRAPHS",
        "SPARSE_TENSOR",
        "SPARSE_TENSORS",
        "TYPE_PROTO",
        "TYPE_PROTOS"
    };

    /**
     * At most this many entries (messages, strings, repeated numbers kept) are read from one file.
     * A real classifier has a few thousand (ResNeXt-101: about 3,000); the cap bounds what a
     * crafted file with huge repeated fields can make the reader allocate (a few hundred MB at
     * worst).
     */
    public static final long MAX_ENTRIES = 4_000_000;

    /** Longest string field read (doc strings, metadata such as 21k labels are far below it). */
    public static final long MAX_STRING_BYTES = 16L * 1024 * 1024;

    /** Total bytes of all string fields read from one file. */
    public static final long MAX_TOTAL_STRING_BYTES = 256L * 1024 * 1024;

    private long entries;
    private long stringBytes;

    private static final int INT64 = 7;
    private static final int INT32 = 6;

    private final String fileLabel;
    private final ProtoInput in;
    private boolean skipGraph;

    private OnnxGraphReader(String fileLabel, ProtoInput in) {
        this.fileLabel = fileLabel;
        this.in = in;
    }

    /**
     * Reads an ONNX model's structure.
     *
     * @param file path to a .onnx file
     * @return the model structure (no weights)
     * @throws OnnxFormatException if the file is not ONNX ("not an ONNX model: ...") or ends early
     *     ("truncated ONNX file: ...")
     * @throws IOException if the file cannot be read
     */
    public static OnnxModel read(Path file) throws IOException {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw OnnxFormatException.notOnnx(label, "the file is empty");
            }
            checkSignature(ch, label);
            OnnxGraphReader reader = new OnnxGraphReader(label, new ProtoInput(ch));
            return reader.readModel(file, size);
        }
    }

    /**
     * Reads only the model-level fields and metadata_props, skipping the graph without parsing it
     * (a seek past its bytes). For the metadata reader, which needs no graph.
     *
     * @param file path to a .onnx file
     * @return the model properties; {@link ModelProperties#graphName()} is ""
     * @throws OnnxFormatException if the file is not ONNX or ends early
     * @throws IOException if the file cannot be read
     */
    public static ModelProperties readProperties(Path file) throws IOException {
        String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw OnnxFormatException.notOnnx(label, "the file is empty");
            }
            checkSignature(ch, label);
            OnnxGraphReader reader = new OnnxGraphReader(label, new ProtoInput(ch));
            reader.skipGraph = true;
            return reader.readModel(file, size).properties();
        }
    }

    /** An ONNX file starts with ir_version (field 1, varint); recognise common other formats. */
    private static void checkSignature(FileChannel ch, String label) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(16);
        ch.read(head, 0);
        head.flip();
        byte[] b = new byte[head.remaining()];
        head.get(b);
        ch.position(0);
        String hint = null;
        if (b[0] != 0x08) {
            // Pickle (protocol 2 and later) is what old torch.save checkpoints are; other kinds
            // are named by the same signatures the image decoder uses.
            hint =
                    (b[0] & 0xFF) == 0x80
                            ? "it looks like a Python pickle (an old PyTorch checkpoint?)"
                            : FileSignatures.describe(b)
                                    .map(what -> "it looks like " + what)
                                    .orElse(
                                            String.format(
                                                    "it does not start with an ONNX ir_version"
                                                            + " field (first byte 0x%02x)",
                                                    b[0] & 0xFF));
        } else if (b.length < 2 || (b[1] & 0xFF) == 0 || (b[1] & 0xFF) > 100) {
            hint = "the ir_version field is implausible";
        }
        if (hint != null) {
            throw OnnxFormatException.notOnnx(label, hint);
        }
    }

    private OnnxModel readModel(Path file, long size) throws IOException {
        try {
            return parseModel(file, size);
        } catch (EOFException e) {
            throw OnnxFormatException.truncated(
                    fileLabel, e.getMessage() + " (file size " + size + " bytes)");
        } catch (TooLargeException e) {
            throw new OnnxFormatException(
                    "cannot read ONNX file " + fileLabel + ": " + e.getMessage());
        } catch (ProtoInput.ProtoException e) {
            throw OnnxFormatException.notOnnx(fileLabel, "corrupt protobuf: " + e.getMessage());
        }
    }

    // ---- ModelProto ----

    private OnnxModel parseModel(Path file, long size) throws IOException {
        long irVersion = 0;
        String producerName = "";
        String producerVersion = "";
        String domain = "";
        long modelVersion = 0;
        String docString = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        GraphParts graph = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> irVersion = varint(tag, "ModelProto.ir_version");
                case 2 -> producerName = string(tag, "ModelProto.producer_name");
                case 3 -> producerVersion = string(tag, "ModelProto.producer_version");
                case 4 -> domain = string(tag, "ModelProto.domain");
                case 5 -> modelVersion = varint(tag, "ModelProto.model_version");
                case 6 -> docString = string(tag, "ModelProto.doc_string");
                case 7 -> {
                    long old = enter(tag, "ModelProto.graph");
                    if (skipGraph) {
                        in.skip(in.remaining());
                        graph = new GraphParts();
                    } else {
                        graph = parseGraph();
                    }
                    in.popLimit(old);
                }
                case 8 -> {
                    long old = enter(tag, "ModelProto.opset_import");
                    String d = "";
                    long v = 0;
                    int t;
                    while ((t = in.readTag()) != 0) {
                        switch (t >>> 3) {
                            case 1 -> d = string(t, "OperatorSetIdProto.domain");
                            case 2 -> v = varint(t, "OperatorSetIdProto.version");
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(old);
                    opsets.put(d, v);
                }
                case 14 -> {
                    String[] kv = parseStringEntry(tag, "ModelProto.metadata_props");
                    metadata.put(kv[0], kv[1]);
                }
                default -> in.skipField(tag);
            }
        }
        if (graph == null) {
            // Writers emit fields in number order: the graph (7) precedes opsets (8) and metadata
            // (14). A file that stops before any of them was cut short.
            if (opsets.isEmpty() && metadata.isEmpty()) {
                throw OnnxFormatException.truncated(
                        fileLabel, "it ends after " + size + " bytes, before the graph");
            }
            throw OnnxFormatException.notOnnx(fileLabel, "it has no graph (ModelProto field 7)");
        }
        ModelProperties props =
                new ModelProperties(
                        irVersion,
                        opsets,
                        producerName,
                        producerVersion,
                        domain,
                        modelVersion,
                        docString,
                        graph.name,
                        metadata);
        Set<String> initNames = new HashSet<>();
        for (OnnxTensor t : graph.initializers) {
            initNames.add(t.name());
        }
        List<TensorInfo> realInputs = new ArrayList<>();
        for (TensorInfo ti : graph.inputs) {
            if (!initNames.contains(ti.name())) {
                realInputs.add(ti);
            }
        }
        List<OnnxTensor> initializers = new ArrayList<>();
        for (OnnxTensor t : graph.initializers) {
            initializers.add(withExternalIntValues(file, t));
        }
        Map<String, TensorInfo> valueInfo = new LinkedHashMap<>();
        for (TensorInfo ti : graph.valueInfo) {
            valueInfo.put(ti.name(), ti);
        }
        return new OnnxModel(
                file, size, props, realInputs, graph.outputs, graph.nodes, initializers, valueInfo);
    }

    private static final class GraphParts {
        String name = "";
        final List<OnnxNode> nodes = new ArrayList<>();
        final List<OnnxTensor> initializers = new ArrayList<>();
        final List<TensorInfo> inputs = new ArrayList<>();
        final List<TensorInfo> outputs = new ArrayList<>();
        final List<TensorInfo> valueInfo = new ArrayList<>();
    }

    // ---- GraphProto ----

    private GraphParts parseGraph() throws IOException {
        GraphParts g = new GraphParts();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> g.nodes.add(parseNode(tag));
                case 2 -> g.name = string(tag, "GraphProto.name");
                case 5 -> g.initializers.add(parseTensor(tag, "GraphProto.initializer"));
                case 11 -> g.inputs.add(parseValueInfo(tag, "GraphProto.input"));
                case 12 -> g.outputs.add(parseValueInfo(tag, "GraphProto.output"));
                case 13 -> g.valueInfo.add(parseValueInfo(tag, "GraphProto.value_info"));
                default -> in.skipField(tag);
            }
        }
        return g;
    }

    // ---- NodeProto ----

    private OnnxNode parseNode(int nodeTag) throws IOException {
        long old = enter(nodeTag, "GraphProto.node");
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> inputs.add(string(tag, "NodeProto.input"));
                case 2 -> outputs.add(string(tag, "NodeProto.output"));
                case 3 -> name = string(tag, "NodeProto.name");
                case 4 -> opType = string(tag, "NodeProto.op_type");
                case 5 -> {
                    OnnxAttribute a = parseAttribute(tag);
                    attrs.put(a.name(), a);
                }
                case 7 -> domain = string(tag, "NodeProto.domain");
                case 9 -> {
                    String[] kv = parseStringEntry(tag, "NodeProto.metadata_props");
                    metadata.put(kv[0], kv[1]);
                }
                default -> in.skipField(tag);
            }
        }
        in.popLimit(old);
        return new OnnxNode(name, opType, domain, inputs, outputs, attrs, metadata);
    }

    // ---- AttributeProto ----

    private OnnxAttribute parseAttribute(int attrTag) throws IOException {
        long old = enter(attrTag, "NodeProto.attribute");
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        OnnxTensor t = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> name = string(tag, "AttributeProto.name");
                case 2 -> {
                    expect(tag, ProtoInput.WIRE_FIXED32, "AttributeProto.f");
                    f = Float.intBitsToFloat(in.readFixed32());
                }
                case 3 -> i = varint(tag, "AttributeProto.i");
                case 4 -> s = string(tag, "AttributeProto.s");
                case 5 -> t = parseTensor(tag, "AttributeProto.t");
                case 7 -> readFloats(tag, floats);
                case 8 -> readVarints(tag, ints, Integer.MAX_VALUE);
                case 9 -> strings.add(string(tag, "AttributeProto.strings"));
                case 20 -> type = (int) varint(tag, "AttributeProto.type");
                default -> in.skipField(tag);
            }
        }
        in.popLimit(old);
        String typeName =
                type >= 0 && type < ATTRIBUTE_TYPES.length ? ATTRIBUTE_TYPES[type] : "TYPE_" + type;
        return new OnnxAttribute(name, typeName, f, i, s, floats, ints, strings, t);
    }

    // ---- TensorProto ----

    private OnnxTensor parseTensor(int tensorTag, String what) throws IOException {
        long old = enter(tensorTag, what);
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        boolean external = false;
        String location = null;
        long externalOffset = 0;
        List<Long> intData = new ArrayList<>();
        boolean intDataTooLong = false;
        byte[] raw = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> readVarints(tag, dims, Integer.MAX_VALUE);
                case 2 -> dataType = (int) varint(tag, "TensorProto.data_type");
                case 5, 7 -> {
                    // int32_data / int64_data: keep only small tensors, but consume all.
                    readVarints(tag, intData, MAX_INT_VALUES + 1);
                    intDataTooLong |= intData.size() > MAX_INT_VALUES;
                }
                case 8 -> name = string(tag, "TensorProto.name");
                case 9 -> {
                    expect(tag, ProtoInput.WIRE_LEN, "TensorProto.raw_data");
                    long len = in.readLength();
                    if (len <= 8L * MAX_INT_VALUES) {
                        raw = in.readBytes(len);
                    } else {
                        in.skip(len);
                    }
                }
                case 13 -> {
                    String[] kv = parseStringEntry(tag, "TensorProto.external_data");
                    if ("location".equals(kv[0])) {
                        location = kv[1];
                    } else if ("offset".equals(kv[0])) {
                        externalOffset = parseLongOr(kv[1], 0);
                    }
                }
                case 14 -> external = varint(tag, "TensorProto.data_location") == 1;
                default -> in.skipField(tag);
            }
        }
        in.popLimit(old);
        List<Long> values = null;
        if (dataType == INT64 || dataType == INT32) {
            if (raw != null) {
                values = decodeRaw(raw, dataType == INT64 ? 8 : 4);
            } else if (!intDataTooLong && !external) {
                values = intData;
            }
            if (values != null && values.size() > MAX_INT_VALUES) {
                values = null;
            }
        }
        String typeName =
                dataType >= 0 && dataType < ELEMENT_TYPES.length
                        ? ELEMENT_TYPES[dataType]
                        : "type" + dataType;
        OnnxTensor t = new OnnxTensor(name, dims, typeName, external, location, values);
        if (external && (dataType == INT64 || dataType == INT32)) {
            externalOffsets.put(t, externalOffset);
        }
        return t;
    }

    private final Map<OnnxTensor, Long> externalOffsets = new java.util.IdentityHashMap<>();

    /**
     * A small external int64/int32 tensor (a Reshape shape saved with size_threshold=0) gets its
     * values from the external file, read at its offset; float weights are never opened.
     */
    private OnnxTensor withExternalIntValues(Path model, OnnxTensor t) {
        Long offset = externalOffsets.get(t);
        if (offset == null || t.externalLocation() == null) {
            return t;
        }
        long n = t.elementCount();
        int width = t.elementType().equals("int64") ? 8 : 4;
        if (n > MAX_INT_VALUES || model.getParent() == null) {
            return t;
        }
        Path data = model.getParent().resolve(t.externalLocation()).normalize();
        if (!data.startsWith(model.getParent().normalize()) || !Files.isRegularFile(data)) {
            return t; // only files next to the model; a missing file leaves values unknown
        }
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate((int) n * width);
            while (bb.hasRemaining()) {
                if (ch.read(bb, offset + bb.position()) < 0) {
                    return t;
                }
            }
            return new OnnxTensor(
                    t.name(),
                    t.dims(),
                    t.elementType(),
                    true,
                    t.externalLocation(),
                    decodeRaw(bb.array(), width));
        } catch (IOException e) {
            return t;
        }
    }

    private static long parseLongOr(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<Long> decodeRaw(byte[] raw, int width) {
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> out = new ArrayList<>();
        while (bb.remaining() >= width) {
            out.add(width == 8 ? bb.getLong() : (long) bb.getInt());
        }
        return out;
    }

    // ---- ValueInfoProto / TypeProto / TensorShapeProto ----

    private TensorInfo parseValueInfo(int viTag, String what) throws IOException {
        long old = enter(viTag, what);
        String name = "";
        String elemType = "undefined";
        TensorShape shape = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> name = string(tag, "ValueInfoProto.name");
                case 2 -> {
                    long typeOld = enter(tag, "ValueInfoProto.type");
                    int t;
                    while ((t = in.readTag()) != 0) {
                        // tensor_type (1) and sparse_tensor_type (8) share the layout.
                        if ((t >>> 3) == 1 || (t >>> 3) == 8) {
                            long tOld = enter(t, "TypeProto.tensor_type");
                            int u;
                            while ((u = in.readTag()) != 0) {
                                switch (u >>> 3) {
                                    case 1 -> {
                                        int et = (int) varint(u, "TypeProto.Tensor.elem_type");
                                        elemType =
                                                et >= 0 && et < ELEMENT_TYPES.length
                                                        ? ELEMENT_TYPES[et]
                                                        : "type" + et;
                                    }
                                    case 2 -> shape = parseShape(u);
                                    default -> in.skipField(u);
                                }
                            }
                            in.popLimit(tOld);
                        } else {
                            in.skipField(t);
                        }
                    }
                    in.popLimit(typeOld);
                }
                default -> in.skipField(tag);
            }
        }
        in.popLimit(old);
        return new TensorInfo(name, elemType, shape);
    }

    private TensorShape parseShape(int shapeTag) throws IOException {
        long old = enter(shapeTag, "TypeProto.Tensor.shape");
        List<Dim> dims = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if ((tag >>> 3) == 1) {
                long dOld = enter(tag, "TensorShapeProto.dim");
                Dim d = Dim.symbolic("?");
                int t;
                while ((t = in.readTag()) != 0) {
                    switch (t >>> 3) {
                        case 1 -> d = Dim.of(varint(t, "Dimension.dim_value"));
                        case 2 -> d = Dim.symbolic(string(t, "Dimension.dim_param"));
                        default -> in.skipField(t);
                    }
                }
                in.popLimit(dOld);
                dims.add(d);
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(old);
        return new TensorShape(dims);
    }

    // ---- helpers ----

    private String[] parseStringEntry(int tag, String what) throws IOException {
        long old = enter(tag, what);
        String k = "";
        String v = "";
        int t;
        while ((t = in.readTag()) != 0) {
            switch (t >>> 3) {
                case 1 -> k = string(t, "StringStringEntryProto.key");
                case 2 -> v = string(t, "StringStringEntryProto.value");
                default -> in.skipField(t);
            }
        }
        in.popLimit(old);
        return new String[] {k, v};
    }

    /** Counts one entry read; fails once the file holds implausibly many. */
    private void entry(String what) throws IOException {
        if (++entries > MAX_ENTRIES) {
            throw new TooLargeException(
                    "more than "
                            + MAX_ENTRIES
                            + " entries (at "
                            + what
                            + "): a crafted or damaged file, not read further");
        }
    }

    /** Thrown when a file would make the reader allocate without bound. */
    static final class TooLargeException extends ProtoInput.ProtoException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private long enter(int tag, String what) throws IOException {
        expect(tag, ProtoInput.WIRE_LEN, what);
        entry(what);
        long len = in.readVarint();
        try {
            return in.pushLimit(len);
        } catch (EOFException e) {
            throw new EOFException(what + ": " + e.getMessage());
        }
    }

    private long varint(int tag, String what) throws IOException {
        expect(tag, ProtoInput.WIRE_VARINT, what);
        return in.readVarint();
    }

    private String string(int tag, String what) throws IOException {
        expect(tag, ProtoInput.WIRE_LEN, what);
        long len = in.readLength();
        entry(what);
        stringBytes += len;
        if (len > MAX_STRING_BYTES || stringBytes > MAX_TOTAL_STRING_BYTES) {
            throw new TooLargeException(
                    what
                            + " of "
                            + len
                            + " bytes ("
                            + stringBytes
                            + " in all strings so far) is more than this reader accepts"
                            + " (a crafted or damaged file)");
        }
        return new String(in.readBytes(len), StandardCharsets.UTF_8);
    }

    /** Repeated varint field, packed (wire type 2) or not; keeps at most {@code max} values. */
    private void readVarints(int tag, List<Long> out, int max) throws IOException {
        if ((tag & 7) == ProtoInput.WIRE_LEN) {
            long old = in.pushLimit(in.readVarint());
            while (!in.atLimit()) {
                long v = in.readVarint();
                if (out.size() < max) {
                    entry("repeated int field " + (tag >>> 3));
                    out.add(v);
                }
            }
            in.popLimit(old);
        } else {
            expect(tag, ProtoInput.WIRE_VARINT, "repeated int field " + (tag >>> 3));
            long v = in.readVarint();
            if (out.size() < max) {
                entry("repeated int field " + (tag >>> 3));
                out.add(v);
            }
        }
    }

    private void readFloats(int tag, List<Float> out) throws IOException {
        if ((tag & 7) == ProtoInput.WIRE_LEN) {
            long old = in.pushLimit(in.readVarint());
            while (!in.atLimit()) {
                entry("AttributeProto.floats");
                out.add(Float.intBitsToFloat(in.readFixed32()));
            }
            in.popLimit(old);
        } else {
            expect(tag, ProtoInput.WIRE_FIXED32, "AttributeProto.floats");
            entry("AttributeProto.floats");
            out.add(Float.intBitsToFloat(in.readFixed32()));
        }
    }

    private void expect(int tag, int wireType, String what) throws IOException {
        if ((tag & 7) != wireType) {
            throw new ProtoInput.ProtoException(
                    what
                            + " has wire type "
                            + (tag & 7)
                            + ", expected "
                            + wireType
                            + " (offset "
                            + in.position()
                            + ")");
        }
    }
}
