package io.resnextexplorer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small ONNX classifiers that go wrong in one way each, written here byte by byte (protobuf wire
 * format, field numbers of onnx.proto), so the tests need no Python. Each is GlobalAveragePool ->
 * Flatten -> MatMul [C, 10] with seeded normal weights (sigma 2, so logits differ per image like a
 * real head's), then Identity to {@code logits}. The kinds:
 *
 * <ul>
 *   <li>{@code ten}: input [N, 3, 64, 64], 10 classes, no metadata (labels "class N");
 *   <li>{@code fixed288}: input [N, 3, 288, 288], no metadata (the app must use 288);
 *   <li>{@code dynamic}: input [N, 3, H, W] (the app uses the stated default, 224);
 *   <li>{@code labels_mismatch}: 10 outputs with 11 labels in our metadata;
 *   <li>{@code nan} / {@code inf}: the logits are multiplied by NaN / +inf;
 *   <li>{@code gray}: a 1-channel input;
 *   <li>{@code rank2}: a [N, 3] input (not an image);
 *   <li>{@code custom_op}: the {@code ten} graph plus a node of an operator domain no runtime
 *       knows, so ONNX Runtime cannot open it while our graph reader can.
 * </ul>
 *
 * ONNX Runtime runs all but {@code custom_op}, {@code gray} and {@code rank2} as they are (checked
 * by the tests that use them).
 */
public final class HostileModels {
    private HostileModels() {}

    private static final int FLOAT = 1;
    private static final int CLASSES = 10;

    /** Writes the model of this kind into {@code dir} (see the class comment) and returns it. */
    public static Path write(Path dir, String kind) {
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(kind + ".onnx");
            Files.write(out, model(kind));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] model(String kind) {
        int c = kind.equals("gray") ? 1 : 3;
        Object h = kind.equals("fixed288") ? 288 : kind.equals("dynamic") ? "H" : 64;
        Object w = kind.equals("fixed288") ? 288 : kind.equals("dynamic") ? "W" : 64;
        Random rng = new Random(12);
        float[] weights = new float[c * CLASSES];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (rng.nextGaussian() * 2);
        }
        Proto graph = new Proto();
        List<Object> inShape = kind.equals("rank2") ? List.of("N", c) : List.of("N", c, h, w);
        if (kind.equals("rank2")) {
            graph.message(1, node("MatMul", "", List.of("x", "w"), List.of("y")));
        } else {
            graph.message(1, node("GlobalAveragePool", "", List.of("x"), List.of("p")));
            graph.message(1, node("Flatten", "", List.of("p"), List.of("f")));
            graph.message(1, node("MatMul", "", List.of("f", "w"), List.of("y")));
        }
        if (kind.equals("nan") || kind.equals("inf")) {
            float v = kind.equals("nan") ? Float.NaN : Float.POSITIVE_INFINITY;
            graph.message(5, tensor("bad", new long[] {1}, new float[] {v}));
            graph.message(1, node("Mul", "", List.of("y", "bad"), List.of("logits")));
        } else {
            graph.message(1, node("Identity", "", List.of("y"), List.of("logits")));
        }
        if (kind.equals("custom_op")) {
            graph.message(
                    1, node("Mystery", "com.example.nowhere", List.of("y"), List.of("extra")));
        }
        graph.string(2, kind);
        graph.message(5, tensor("w", new long[] {c, CLASSES}, weights));
        graph.message(11, valueInfo("x", inShape));
        graph.message(12, valueInfo("logits", List.of("N", CLASSES)));
        if (kind.equals("custom_op")) {
            graph.message(12, valueInfo("extra", List.of("N", CLASSES)));
        }

        Proto model = new Proto();
        model.varint(1, 8); // ir_version
        model.string(2, "hostile-models-test");
        model.message(7, graph);
        model.message(8, new Proto().string(1, "").varint(2, 17));
        if (kind.equals("custom_op")) {
            model.message(8, new Proto().string(1, "com.example.nowhere").varint(2, 1));
        }
        if (kind.equals("labels_mismatch")) {
            StringBuilder labels = new StringBuilder("[");
            for (int i = 0; i <= CLASSES; i++) {
                labels.append(i == 0 ? "" : ",").append("\"label ").append(i).append('"');
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("resnext_explorer.schema_version", "1");
            meta.put("resnext_explorer.labels", labels.append(']').toString());
            meta.forEach((k, v) -> model.message(14, new Proto().string(1, k).string(2, v)));
        }
        return model.bytes();
    }

    private static Proto node(String op, String domain, List<String> in, List<String> out) {
        Proto n = new Proto();
        in.forEach(i -> n.string(1, i));
        out.forEach(o -> n.string(2, o));
        n.string(3, op.toLowerCase() + "_" + out.get(0));
        n.string(4, op);
        if (!domain.isEmpty()) {
            n.string(7, domain);
        }
        return n;
    }

    private static Proto tensor(String name, long[] dims, float[] values) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT);
        t.string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        t.bytes(9, raw.array());
        return t;
    }

    private static Proto valueInfo(String name, List<Object> dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(
                    1,
                    d instanceof String s
                            ? new Proto().string(2, s)
                            : new Proto().varint(1, ((Number) d).longValue()));
        }
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written: fields in the order added. */
    public static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Proto varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        public Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        public Proto bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        public Proto message(int field, Proto p) {
            return bytes(field, p.bytes());
        }

        /** A packed repeated varint field of {@code count} copies of {@code value}. */
        public Proto packedVarints(int field, long value, int count) {
            Proto body = new Proto();
            for (int i = 0; i < count; i++) {
                body.raw(value);
            }
            return bytes(field, body.bytes());
        }

        /** {@code count} empty sub-messages in field {@code field} (2 bytes each). */
        public Proto emptyMessages(int field, int count) {
            byte[] two = {(byte) ((field << 3) | 2), 0};
            byte[] all = new byte[2 * count];
            for (int i = 0; i < count; i++) {
                System.arraycopy(two, 0, all, 2 * i, 2);
            }
            out.writeBytes(all);
            return this;
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Kinds ONNX Runtime opens and runs. */
    public static final List<String> RUNNABLE =
            new ArrayList<>(List.of("ten", "fixed288", "dynamic", "nan", "inf"));
}
