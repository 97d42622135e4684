package io.resnextexplorer.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files for tests, and lists timm's ResNet state-dict keys for an architecture
 * (restated from timm/models/resnet.py independently of the builder, so the two can disagree).
 */
final class SafetensorsFiles {
    private SafetensorsFiles() {}

    /** name -> shape, in timm's state_dict order. */
    static Map<String, long[]> timmKeys(ResNetArchitecture a, int numClasses) {
        Map<String, long[]> k = new LinkedHashMap<>();
        if (a.deepStem()) {
            int w = a.stemWidth();
            conv(k, "conv1.0", w, 3, 3);
            bn(k, "conv1.1", w);
            conv(k, "conv1.3", w, w, 3);
            bn(k, "conv1.4", w);
            conv(k, "conv1.6", 2 * w, w, 3);
        } else {
            conv(k, "conv1", 64, 3, 7);
        }
        bn(k, "bn1", a.stemOut());
        int in = a.stemOut();
        for (int s = 0; s < 4; s++) {
            int planes = a.channels()[s];
            for (int b = 0; b < a.layers()[s]; b++) {
                String p = "layer" + (s + 1) + "." + b;
                int out = planes * a.expansion();
                if (a.bottleneck()) {
                    int w = (int) Math.floor(planes * (a.baseWidth() / 64.0)) * a.cardinality();
                    conv(k, p + ".conv1", w, in, 1);
                    bn(k, p + ".bn1", w);
                    conv(k, p + ".conv2", w, w / a.cardinality(), 3);
                    bn(k, p + ".bn2", w);
                    conv(k, p + ".conv3", out, w, 1);
                    bn(k, p + ".bn3", out);
                } else {
                    conv(k, p + ".conv1", planes, in, 3);
                    bn(k, p + ".bn1", planes);
                    conv(k, p + ".conv2", planes, planes, 3);
                    bn(k, p + ".bn2", planes);
                }
                if (b == 0 && ((s > 0) || in != out)) {
                    String d = p + ".downsample." + (a.avgDown() ? 1 : 0);
                    String n = p + ".downsample." + (a.avgDown() ? 2 : 1);
                    conv(k, d, out, in, 1);
                    bn(k, n, out);
                }
                in = out;
            }
        }
        k.put("fc.weight", new long[] {numClasses, in});
        k.put("fc.bias", new long[] {numClasses});
        return k;
    }

    private static void conv(Map<String, long[]> k, String name, int out, int in, int ks) {
        k.put(name + ".weight", new long[] {out, in, ks, ks});
    }

    private static void bn(Map<String, long[]> k, String name, int c) {
        for (String s : List.of(".weight", ".bias", ".running_mean", ".running_var")) {
            k.put(name + s, new long[] {c});
        }
        k.put(name + ".num_batches_tracked", new long[] {});
    }

    /**
     * Writes an F32 safetensors file with these tensors (I64 for num_batches_tracked). Data bytes
     * are left as zeros (a sparse file: header-only checks of 350 MB models cost nothing).
     */
    static Path writeZeros(Path file, Map<String, long[]> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : tensors.entrySet()) {
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            boolean count = e.getKey().endsWith("num_batches_tracked");
            long bytes = n * (count ? 8 : 4);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", count ? "I64" : "F32");
            List<Long> shape = new ArrayList<>();
            for (long d : e.getValue()) {
                shape.add(d);
            }
            t.put("shape", shape);
            t.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), t);
            offset += bytes;
        }
        return write(file, new ObjectMapper().writeValueAsString(header), offset, null);
    }

    /** Writes a header (as given) and {@code dataBytes} of data ({@code data} or zeros). */
    static Path write(Path file, String headerJson, long dataBytes, byte[] data)
            throws IOException {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
            ByteBuffer len =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            f.write(len.array());
            f.write(h);
            if (data != null) {
                f.write(data);
            }
            f.setLength(8L + h.length + dataBytes);
        }
        return file;
    }
}
