package io.resnextexplorer.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory as the OS counts it: native allocations (ONNX Runtime's sessions
 * and arenas) included, which the JVM's own heap figures leave out.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Peak resident set size in bytes (Linux VmHWM), or -1 where the OS does not expose it. */
    public static long peakRssBytes() {
        return statusKb("VmHWM:");
    }

    /** Current resident set size in bytes (Linux VmRSS), or -1 where the OS does not expose it. */
    public static long rssBytes() {
        return statusKb("VmRSS:");
    }

    private static long statusKb(String key) {
        if (!Files.isReadable(STATUS)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
