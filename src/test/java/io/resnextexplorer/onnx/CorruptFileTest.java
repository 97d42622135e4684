package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files fail with our exception and a clear message, never with a stray runtime error. */
@Tag("python")
class CorruptFileTest {

    @TempDir Path tmp;

    private static byte[] tinyModel() throws IOException {
        return Files.readAllBytes(
                PythonFixtures.export(
                                "tiny_dynamo.onnx", "--model", "tiny", "--size", "64", "--dynamo")
                        .onnx());
    }

    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        byte[] full = tinyModel();
        Path f = tmp.resolve("cut.onnx");
        for (int len = 2; len < full.length; len += 997) {
            Files.write(f, Arrays.copyOf(full, len));
            final int cut = len;
            assertThatThrownBy(() -> OnnxGraphReader.read(f))
                    .as("cut at %d of %d", cut, full.length)
                    .isInstanceOf(OnnxFormatException.class)
                    .hasMessageStartingWith("truncated ONNX file: cut.onnx: ");
        }
    }

    @Test
    void randomlyCorruptedStructureEitherReadsOrFailsWithOnnxFormatException() throws IOException {
        byte[] full = tinyModel();
        Path f = tmp.resolve("bad.onnx");
        Random rnd = new Random(42);
        int structure = Math.min(full.length, 40_000); // nodes come before the weights
        for (int i = 0; i < 300; i++) {
            byte[] b = full.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                b[2 + rnd.nextInt(structure - 2)] = (byte) rnd.nextInt(256);
            }
            Files.write(f, b);
            Throwable t =
                    catchThrowable(() -> ModelInspector.inspect(OnnxGraphReader.read(f), false));
            if (t != null) {
                assertThat(t).as("corruption %d", i).isInstanceOf(OnnxFormatException.class);
                assertThat(t.getMessage())
                        .matches("(not an ONNX model|truncated ONNX file): bad\\.onnx: .+");
            }
        }
    }
}
