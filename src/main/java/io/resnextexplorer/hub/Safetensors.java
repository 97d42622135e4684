package io.resnextexplorer.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only view of a {@code .safetensors} file: an 8-byte little-endian header length, a JSON
 * header {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}},
 * then the raw little-endian tensor bytes (offsets are relative to the end of the header).
 *
 * <p>Everything in the header is checked before any tensor is read: a bounded header size, known
 * dtypes, non-negative shapes whose element count matches the byte range, and ranges inside the
 * file that do not overlap. Tensors are read one at a time, converted to float32 (F32, F16, BF16
 * and F64 are supported).
 */
public final class Safetensors implements AutoCloseable {
    /** Largest header accepted; timm's ResNets have headers of a few tens of KB. */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Element types this reader converts to float32, with their size in bytes. */
    public enum DType {
        F32(4),
        F16(2),
        BF16(2),
        F64(8),
        I64(8);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * One tensor's header entry.
     *
     * @param dtype element type
     * @param shape dimensions, row-major
     * @param begin first byte, relative to the data section
     * @param end one past the last byte, relative to the data section
     */
    public record TensorInfo(DType dtype, long[] shape, long begin, long end) {
        /** Number of elements (1 for a scalar). */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private Safetensors(
            Path file,
            FileChannel channel,
            long dataStart,
            Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates {@code file}.
     *
     * @throws HubException if the file is not a valid safetensors file (the message says why)
     */
    public static Safetensors open(Path file) throws HubException {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "shorter than its 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw bad(
                        file,
                        "header length "
                                + Long.toUnsignedString(headerLen)
                                + " does not fit the file ("
                                + size
                                + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw bad(file, "header is not JSON (" + e.getMessage() + ")");
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue()
                            .fields()
                            .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataSize));
            }
            checkNoOverlap(file, tensors);
            Safetensors st =
                    new Safetensors(
                            file,
                            ch,
                            dataStart,
                            Collections.unmodifiableMap(tensors),
                            Collections.unmodifiableMap(metadata));
            ch = null;
            return st;
        } catch (IOException e) {
            throw new HubException("cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing with a better message
                }
            }
        }
    }

    private static TensorInfo entry(Path file, String name, JsonNode v, long dataSize)
            throws HubException {
        if (!v.isObject()) {
            throw bad(file, "entry '" + name + "' is not an object");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(v.path("dtype").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(file, "tensor '" + name + "' has unsupported dtype " + v.path("dtype"));
        }
        JsonNode shapeNode = v.path("shape");
        JsonNode offsets = v.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "' lacks shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw bad(file, "tensor '" + name + "' has a bad dimension " + d);
            }
            shape[i] = d.asLong();
            elements = Math.multiplyExact(elements, shape[i]);
        }
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw bad(file, "tensor '" + name + "' has non-integer data_offsets");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(
                    file,
                    "tensor '"
                            + name
                            + "' data ["
                            + begin
                            + ", "
                            + end
                            + ") lies outside the file");
        }
        if (Math.multiplyExact(elements, dtype.bytes) != end - begin) {
            throw bad(
                    file,
                    "tensor '"
                            + name
                            + "' has "
                            + (end - begin)
                            + " bytes for "
                            + elements
                            + " "
                            + dtype
                            + " values");
        }
        return new TensorInfo(dtype, shape, begin, end);
    }

    private static void checkNoOverlap(Path file, Map<String, TensorInfo> tensors)
            throws HubException {
        List<Map.Entry<String, TensorInfo>> sorted = new ArrayList<>(tensors.entrySet());
        sorted.sort(Comparator.comparingLong(e -> e.getValue().begin()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).getValue().begin() < sorted.get(i - 1).getValue().end()) {
                throw bad(
                        file,
                        "tensors '"
                                + sorted.get(i - 1).getKey()
                                + "' and '"
                                + sorted.get(i).getKey()
                                + "' overlap");
            }
        }
    }

    private static HubException bad(Path file, String why) {
        return new HubException(file.getFileName() + " is not a valid safetensors file: " + why);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position)
            throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    /** Tensor name -> header entry, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The optional {@code __metadata__} string map. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensor's values as float32, row-major.
     *
     * @throws HubException if there is no such tensor or it cannot be read
     */
    public float[] floats(String name) throws HubException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new HubException(file.getFileName() + " has no tensor '" + name + "'");
        }
        long bytes = t.end() - t.begin();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new HubException(
                    "tensor '" + name + "' is too large to read (" + bytes + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            readFully(channel, buf, dataStart + t.begin());
        } catch (IOException e) {
            throw new HubException("cannot read tensor '" + name + "': " + e.getMessage(), e);
        }
        buf.flip();
        int n = (int) t.elements();
        float[] out = new float[n];
        switch (t.dtype()) {
            case F32 -> buf.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(buf.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    // bfloat16 is the upper half of a float32.
                    out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
            case I64 -> throw new HubException("tensor '" + name + "' is an integer tensor");
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (exact: every half value is a float). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
