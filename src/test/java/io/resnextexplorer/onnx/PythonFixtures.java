package io.resnextexplorer.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds test ONNX files with Python (the {@code python} system property, default python3) and the
 * {@code onnx}/{@code torch}/{@code timm} packages. Exports of whole models are cached under {@code
 * target/onnx-test-models}; a model counts as cached when its {@code .expected.json} (written last
 * by export_timm.py) exists.
 */
final class PythonFixtures {
    private PythonFixtures() {}

    static String python() {
        return System.getProperty("python", "python3");
    }

    static Path projectRoot() {
        return Paths.get(System.getProperty("project.root", ".")).toAbsolutePath();
    }

    static Path cacheDir() throws IOException {
        Path dir = projectRoot().resolve("target/onnx-test-models");
        Files.createDirectories(dir);
        return dir;
    }

    /** Runs a Python snippet in {@code workDir}; returns stdout, fails with stderr on error. */
    static String run(Path workDir, String script, String... args) throws IOException {
        Path file = Files.createTempFile(workDir, "snippet", ".py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(python(), file.toString()));
        cmd.addAll(List.of(args));
        return exec(workDir, cmd, 30);
    }

    static String exec(Path workDir, List<String> cmd, int timeoutMinutes) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        Path out = Files.createTempFile("stdout", ".txt");
        Path err = Files.createTempFile("stderr", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("timed out: " + cmd);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + cmd, e);
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        "command failed ("
                                + p.exitValue()
                                + "): "
                                + cmd
                                + "\n"
                                + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Exported model file plus the figures Python computed for it. */
    record Export(Path onnx, String expectedJson) {
        long number(String key) {
            Matcher m = Pattern.compile("\"" + key + "\":\\s*(-?\\d+)").matcher(expectedJson);
            if (!m.find()) {
                throw new IllegalStateException(key + " not in " + expectedJson);
            }
            return Long.parseLong(m.group(1));
        }

        /** A number inside a nested object, e.g. {@code nested("stage_macs", "layer1")}. */
        long nested(String object, String key) {
            Matcher m =
                    Pattern.compile("\"" + object + "\":\\s*\\{([^}]*)\\}").matcher(expectedJson);
            if (!m.find()) {
                throw new IllegalStateException(object + " not in " + expectedJson);
            }
            return new Export(onnx, m.group(1)).number(key);
        }
    }

    /**
     * Exports a model with export_timm.py (cached by file name).
     *
     * @param fileName file name under the cache dir, e.g. "tiny_legacy.onnx"
     * @param args arguments after --out, e.g. "--model", "tiny", "--size", "64"
     */
    static synchronized Export export(String fileName, String... args) throws IOException {
        Path dir = cacheDir();
        Path onnx = dir.resolve(fileName);
        Path expected = dir.resolve(fileName + ".expected.json");
        if (!Files.exists(expected) || !Files.exists(onnx)) {
            Path script = dir.resolve("export_timm.py");
            try (var s = PythonFixtures.class.getResourceAsStream("export_timm.py")) {
                Files.copy(s, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd =
                    new ArrayList<>(List.of(python(), script.toString(), "--out", onnx.toString()));
            cmd.addAll(List.of(args));
            exec(dir, cmd, 30);
        }
        return new Export(onnx, Files.readString(expected));
    }
}
