package io.resnextexplorer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real models for tests: the committed tiny fixtures, and full-size random-init exports of the seed
 * variants made with onnx-export/export.py during the test run (once per build, kept under
 * target/models so every test class reuses them).
 */
public final class ExportedModels {
    private ExportedModels() {}

    public static Path projectRoot() {
        return Paths.get(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
    }

    public static String python() {
        return System.getProperty("python", "python3");
    }

    /** A committed fixture under src/test/resources/fixtures. */
    public static Path fixture(String name) {
        Path p = projectRoot().resolve("src/test/resources/fixtures").resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(
                    "missing fixture "
                            + p
                            + " (regenerate: see src/test/resources/fixtures/README.md)");
        }
        return p;
    }

    /** A full-size random-init (seed 0) export of a seed variant, made once per build. */
    public static synchronized Path seed(String id) {
        Path dir = projectRoot().resolve("target/models");
        Path file = dir.resolve(id + ".onnx");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(
                List.of(
                        python(),
                        projectRoot().resolve("onnx-export/export.py").toString(),
                        id,
                        "--random-init",
                        "0",
                        "--out",
                        dir.toString()),
                30);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("export.py did not write " + file);
        }
        return file;
    }

    /**
     * The int8 variant of a seed variant ({@link #seed}), written by onnx-export/quantize.py on the
     * bundled calibration images, once per build, under target/models-int8 (not target/models,
     * which tests use as a models folder of the four seeds).
     */
    public static synchronized Path seedInt8(String id) {
        Path file = projectRoot().resolve("target/models-int8").resolve(id + "-int8.onnx");
        return Files.isRegularFile(file) ? file : int8(seed(id), file);
    }

    /** Writes the int8 variant of an fp32 export to {@code out} with onnx-export/quantize.py. */
    public static Path int8(Path fp32, Path out) {
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(
                List.of(
                        python(),
                        projectRoot().resolve("onnx-export/quantize.py").toString(),
                        fp32.toString(),
                        "--out",
                        out.toString()),
                10);
        if (!Files.isRegularFile(out)) {
            throw new IllegalStateException("quantize.py did not write " + out);
        }
        return out;
    }

    /**
     * Runs a command from the project root and returns its standard output; fails with its output
     * when it exits non-zero.
     */
    public static String run(List<String> command, int timeoutMinutes) {
        return run(projectRoot(), command, timeoutMinutes);
    }

    /**
     * The one way tests start Python (and other child processes): in {@code workDir}, with a
     * timeout; returns standard output, and fails with both outputs when the command exits
     * non-zero, times out or cannot start.
     */
    public static String run(Path workDir, List<String> command, int timeoutMinutes) {
        Path log = null;
        Path out = null;
        try {
            log = Files.createTempFile("rx-cmd", ".log");
            out = Files.createTempFile("rx-cmd", ".out");
            Process p =
                    new ProcessBuilder(new ArrayList<>(command))
                            .directory(workDir.toFile())
                            .redirectError(log.toFile())
                            .redirectOutput(out.toFile())
                            .start();
            try {
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + command);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + command, e);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "command failed ("
                                + p.exitValue()
                                + "): "
                                + command
                                + "\n"
                                + stdout
                                + "\n"
                                + Files.readString(log, StandardCharsets.UTF_8));
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } finally {
            deleteQuietly(log);
            deleteQuietly(out);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file is harmless; the command's result is what matters.
            }
        }
    }

    /**
     * Writes a valid ONNX file that is not an image classifier: one MatMul, input x [2, 10], weight
     * [10, 4] of ones, output y [2, 4] (80 MACs).
     */
    public static Path matMulOnlyOnnx(Path out) {
        run(
                List.of(
                        python(),
                        "-c",
                        String.join(
                                "\n",
                                "import onnx, sys",
                                "from onnx import helper, TensorProto, numpy_helper",
                                "import numpy as np",
                                "w = numpy_helper.from_array(np.ones((10, 4), np.float32), 'w')",
                                "g = helper.make_graph([helper.make_node('MatMul', ['x', 'w'],"
                                        + " ['y'])], 'mlp',",
                                "    [helper.make_tensor_value_info('x', TensorProto.FLOAT,"
                                        + " [2, 10])],",
                                "    [helper.make_tensor_value_info('y', TensorProto.FLOAT,"
                                        + " [2, 4])], [w])",
                                "onnx.save(helper.make_model(g, opset_imports="
                                        + "[helper.make_opsetid('', 17)], ir_version=8),"
                                        + " sys.argv[1])"),
                        out.toString()),
                2);
        return out;
    }

    /**
     * Writes a plain ONNX image classifier without a feature map: input [N, 3, 4, 4] -> Flatten ->
     * Gemm -> logits [N, 4], no pooling (so no pooled-features head to find), no metadata.
     */
    public static Path logitsOnlyOnnx(Path out) {
        float[] weight = new float[4 * 48];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (i % 7) / 7f - 0.4f;
        }
        io.resnextexplorer.onnx.OnnxModelWriter w =
                new io.resnextexplorer.onnx.OnnxModelWriter("logits_only", 18)
                        .input("input", "batch", 3L, 4L, 4L)
                        .output("logits", "batch", 4L)
                        .initializer("fc.weight", new long[] {4, 48}, () -> weight)
                        .initializer("fc.bias", new long[] {4}, () -> new float[4]);
        w.node("Flatten", "flatten", List.of("input"), List.of("flat")).attr("axis", 1L);
        w.node("Gemm", "fc", List.of("flat", "fc.weight", "fc.bias"), List.of("logits"))
                .attr("transB", 1L);
        try {
            w.write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
