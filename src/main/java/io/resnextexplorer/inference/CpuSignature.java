package io.resnextexplorer.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What identifies this CPU for ONNX Runtime's hardware-specific graph optimizations: its vendor,
 * model and instruction-set flags (Linux, from /proc/cpuinfo), else what Java and the OS say. A
 * machine whose CPU changes (a cloud VM moved to another host type) gets other cache entries.
 */
final class CpuSignature {
    private static volatile String cached;

    private CpuSignature() {}

    static String get() {
        String s = cached;
        if (s == null) {
            s = read();
            cached = s;
        }
        return s;
    }

    private static String read() {
        StringBuilder b = new StringBuilder();
        b.append(System.getProperty("os.name", ""))
                .append('/')
                .append(System.getProperty("os.arch", ""));
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                List<String> lines = Files.readAllLines(cpuinfo);
                String vendor = field(lines, "vendor_id");
                String model = field(lines, "model name");
                String flags = field(lines, "flags");
                if (flags.isEmpty()) {
                    flags = field(lines, "Features"); // ARM
                }
                b.append('|').append(vendor).append('|').append(model).append('|');
                b.append(String.join(" ", new TreeSet<>(List.of(flags.split("\\s+")))));
                return b.toString();
            } catch (IOException | RuntimeException e) {
                // fall through to what the OS says
            }
        }
        String id = System.getenv("PROCESSOR_IDENTIFIER"); // Windows
        if (id != null) {
            b.append('|').append(id);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
