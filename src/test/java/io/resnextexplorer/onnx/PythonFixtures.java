package io.resnextexplorer.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds test ONNX files with Python (the {@code python} system property, default python3) and the
 * {@code onnx}/{@code torch}/{@code timm} packages. Exports of whole models are cached under {@code
 * target/onnx-test-models}; a model counts as cached when its {@code .expected.json} (written last
 * by export_timm.py) exists.
 */
final class PythonFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonFixtures() {}

    /** Where the hand-made and export_timm.py models are kept between test classes. */
    static Path cacheDir() throws IOException {
        Path dir = ExportedModels.projectRoot().resolve("target/onnx-test-models");
        Files.createDirectories(dir);
        return dir;
    }

    /** Runs a Python snippet in {@code workDir}; returns stdout, fails with stderr on error. */
    static String run(Path workDir, String script, String... args) throws IOException {
        Path file = Files.createTempFile(workDir, "snippet", ".py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(ExportedModels.python(), file.toString()));
        cmd.addAll(List.of(args));
        return ExportedModels.run(workDir, cmd, 30);
    }

    /** Exported model file plus the figures Python computed for it. */
    record Export(Path onnx, String expectedJson) {
        /** A whole number at the top level; a missing or non-integer field fails the test. */
        long number(String key) {
            return integer(tree(), key);
        }

        /** A number inside a nested object, e.g. {@code nested("stage_macs", "layer1")}. */
        long nested(String object, String key) {
            JsonNode inner = tree().get(object);
            if (inner == null || !inner.isObject()) {
                throw new IllegalStateException(object + " is not an object in " + expectedJson);
            }
            return integer(inner, key);
        }

        private JsonNode tree() {
            try {
                return JSON.readTree(expectedJson);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "expected figures are not JSON: " + expectedJson, e);
            }
        }

        private long integer(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || !v.isIntegralNumber()) {
                throw new IllegalStateException(key + " is not a whole number in " + expectedJson);
            }
            return v.asLong();
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
                    new ArrayList<>(
                            List.of(
                                    ExportedModels.python(),
                                    script.toString(),
                                    "--out",
                                    onnx.toString()));
            cmd.addAll(List.of(args));
            ExportedModels.run(dir, cmd, 30);
        }
        return new Export(onnx, Files.readString(expected));
    }
}
