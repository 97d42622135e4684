package io.resnextexplorer.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the values of a few named float initializers (a classifier's weights and bias) from an ONNX
 * file, without loading the others: one streaming pass over the graph that seeks past every other
 * tensor, like {@link OnnxGraphReader}. Payloads may be {@code raw_data}, {@code float_data}
 * (packed or not) or external data in a file next to the model; element types float32, float16 and
 * float64 are converted to float32.
 */
public final class InitializerValues {
    private static final int FLOAT = 1;
    private static final int FLOAT16 = 10;
    private static final int DOUBLE = 11;

    private InitializerValues() {}

    /**
     * The values of the named initializers, in row-major order.
     *
     * @param file the .onnx file
     * @param names initializer names to read
     * @param maxElements refuse a tensor larger than this (bounds the heap used)
     * @return name -> values for every name found
     * @throws OnnxFormatException when a named tensor is not a float type, is larger than {@code
     *     maxElements}, or its external data file is missing
     * @throws IOException when the file cannot be read
     */
    public static Map<String, float[]> readFloats(Path file, Set<String> names, long maxElements)
            throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoInput in = new ProtoInput(ch);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag >>> 3 == 7 && (tag & 7) == ProtoInput.WIRE_LEN) {
                    long old = in.pushLimit(in.readLength());
                    int g;
                    while ((g = in.readTag()) != 0) {
                        if (g >>> 3 == 5 && (g & 7) == ProtoInput.WIRE_LEN) {
                            Found f = tensor(in, names, maxElements);
                            if (f != null) {
                                out.put(f.name, f.read(file, ch));
                            }
                        } else {
                            in.skipField(g);
                        }
                    }
                    in.popLimit(old);
                } else {
                    in.skipField(tag);
                }
            }
        }
        return out;
    }

    /** Where a wanted tensor's payload is; read after the tensor's fields are all known. */
    private static final class Found {
        String name;
        int dataType;
        long elements = 1;
        long rawOffset = -1;
        long rawLength;
        long packedOffset = -1;
        long packedLength;
        float[] unpacked;
        int unpackedCount;
        boolean external;
        String location;
        long externalOffset;
        long externalLength = -1;
        long max;

        float[] read(Path file, FileChannel ch) throws IOException {
            if (dataType != FLOAT && dataType != FLOAT16 && dataType != DOUBLE) {
                throw new OnnxFormatException(
                        "initializer " + name + " is not a float tensor (type " + dataType + ")");
            }
            if (elements > max || elements > Integer.MAX_VALUE / 8) {
                throw new OnnxFormatException(
                        "initializer " + name + " has " + elements + " values, over " + max);
            }
            int n = (int) elements;
            int width = dataType == FLOAT ? 4 : dataType == FLOAT16 ? 2 : 8;
            if (external) {
                return decode(externalBytes(file, (long) n * width), n);
            }
            if (rawOffset >= 0) {
                return decode(bytes(ch, rawOffset, rawLength, (long) n * width), n);
            }
            if (packedOffset >= 0) {
                // float_data holds float32 for FLOAT and FLOAT16 is in int32_data; FLOAT only here.
                ByteBuffer b = bytes(ch, packedOffset, packedLength, (long) n * 4);
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                return v;
            }
            if (unpacked != null && unpackedCount == n) {
                return unpacked;
            }
            if (n == 0) {
                return new float[0];
            }
            throw new OnnxFormatException("initializer " + name + " has no readable values");
        }

        private float[] decode(ByteBuffer b, int n) {
            float[] v = new float[n];
            if (dataType == FLOAT) {
                b.asFloatBuffer().get(v);
            } else if (dataType == DOUBLE) {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) b.getDouble(i * 8);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    v[i] = halfToFloat(b.getShort(i * 2));
                }
            }
            return v;
        }

        private ByteBuffer externalBytes(Path file, long need) throws IOException {
            Path dir = file.toAbsolutePath().getParent();
            if (location == null || dir == null) {
                throw new OnnxFormatException("initializer " + name + " names no external file");
            }
            Path data = dir.resolve(location).normalize();
            if (!data.startsWith(dir.normalize()) || !Files.isRegularFile(data)) {
                throw new OnnxFormatException(
                        "the external data file "
                                + location
                                + " of "
                                + file.getFileName()
                                + " is missing (it must sit next to the model)");
            }
            try (FileChannel d = FileChannel.open(data, StandardOpenOption.READ)) {
                long len = externalLength >= 0 ? externalLength : need;
                return bytes(d, externalOffset, len, need);
            }
        }

        private ByteBuffer bytes(FileChannel c, long offset, long length, long need)
                throws IOException {
            if (length != need) {
                throw new OnnxFormatException(
                        "initializer "
                                + name
                                + " stores "
                                + length
                                + " bytes, its shape needs "
                                + need);
            }
            ByteBuffer b = ByteBuffer.allocate((int) need).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (c.read(b, offset + b.position()) < 0) {
                    throw new OnnxFormatException("initializer " + name + " ends early");
                }
            }
            b.flip();
            return b;
        }
    }

    private static Found tensor(ProtoInput in, Set<String> names, long max) throws IOException {
        long old = in.pushLimit(in.readLength());
        Found f = new Found();
        f.max = max;
        Map<String, String> externalData = new HashMap<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == ProtoInput.WIRE_VARINT) {
                f.elements *= in.readVarint();
            } else if (field == 1 && wire == ProtoInput.WIRE_LEN) {
                long o = in.pushLimit(in.readLength());
                while (!in.atLimit()) {
                    f.elements *= in.readVarint();
                }
                in.popLimit(o);
            } else if (field == 2 && wire == ProtoInput.WIRE_VARINT) {
                f.dataType = (int) in.readVarint();
            } else if (field == 4 && wire == ProtoInput.WIRE_LEN) {
                f.packedLength = in.readLength();
                f.packedOffset = in.position();
                in.skip(f.packedLength);
            } else if (field == 4 && wire == ProtoInput.WIRE_FIXED32) {
                // Unpacked float_data: only tiny tensors are written this way.
                if (f.unpacked == null) {
                    f.unpacked = new float[16];
                }
                if (f.unpackedCount == f.unpacked.length) {
                    f.unpacked = java.util.Arrays.copyOf(f.unpacked, f.unpackedCount * 2);
                }
                f.unpacked[f.unpackedCount++] = Float.intBitsToFloat(in.readFixed32());
            } else if (field == 8 && wire == ProtoInput.WIRE_LEN) {
                f.name =
                        new String(
                                in.readBytes(in.readLength()),
                                java.nio.charset.StandardCharsets.UTF_8);
            } else if (field == 9 && wire == ProtoInput.WIRE_LEN) {
                f.rawLength = in.readLength();
                f.rawOffset = in.position();
                in.skip(f.rawLength);
            } else if (field == 13 && wire == ProtoInput.WIRE_LEN) {
                long o = in.pushLimit(in.readLength());
                String k = null;
                String v = null;
                int t;
                while ((t = in.readTag()) != 0) {
                    if ((t >>> 3) == 1 && (t & 7) == ProtoInput.WIRE_LEN) {
                        k =
                                new String(
                                        in.readBytes(in.readLength()),
                                        java.nio.charset.StandardCharsets.UTF_8);
                    } else if ((t >>> 3) == 2 && (t & 7) == ProtoInput.WIRE_LEN) {
                        v =
                                new String(
                                        in.readBytes(in.readLength()),
                                        java.nio.charset.StandardCharsets.UTF_8);
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(o);
                if (k != null && v != null) {
                    externalData.put(k, v);
                }
            } else if (field == 14 && wire == ProtoInput.WIRE_VARINT) {
                f.external = in.readVarint() == 1;
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(old);
        if (f.name == null || !names.contains(f.name)) {
            return null;
        }
        if (f.unpacked != null) {
            f.unpacked = java.util.Arrays.copyOf(f.unpacked, f.unpackedCount);
        }
        f.location = externalData.get("location");
        f.externalOffset = parse(externalData.get("offset"), 0);
        f.externalLength = parse(externalData.get("length"), -1);
        return f;
    }

    private static long parse(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** IEEE 754 half to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
