package io.resnextexplorer.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's libraries are unpacked once per user and used from there by later processes. */
class NativeLibraryFolderTest {
    @TempDir Path tmp;

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theLibrariesAreUnpackedOnceAndReused() throws Exception {
        Path folder = NativeLibraryFolder.prepare(tmp.resolve("native"));
        assertThat(folder).isNotNull();
        assertThat(files(folder))
                .extracting(p -> p.getFileName().toString())
                .contains(
                        System.mapLibraryName("onnxruntime"),
                        System.mapLibraryName("onnxruntime4j_jni"));
        Path lib = folder.resolve(System.mapLibraryName("onnxruntime"));
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, written);
        assertThat(NativeLibraryFolder.prepare(tmp.resolve("native"))).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(lib)).as("not unpacked again").isEqualTo(written);
        try (Stream<Path> s = Files.list(tmp.resolve("native"))) {
            assertThat(s.toList()).as("no temporary folders left").containsExactly(folder);
        }
    }

    @Test
    void aTruncatedLibraryIsUnpackedAgain() throws Exception {
        Path folder = NativeLibraryFolder.prepare(tmp.resolve("native"));
        Path lib = folder.resolve(System.mapLibraryName("onnxruntime"));
        long size = Files.size(lib);
        try (FileChannel ch = FileChannel.open(lib, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2); // a copy cut short
        }
        assertThat(NativeLibraryFolder.prepare(tmp.resolve("native"))).isEqualTo(folder);
        assertThat(Files.size(lib)).isEqualTo(size);
    }

    @Test
    void aNewProcessLoadsOnnxRuntimeFromTheUnpackedFolderAndClassifies() throws Exception {
        Path home = tmp.resolve("home");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dresnext.explorer.home=" + home);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.resnextexplorer.app.Launcher");
        cmd.add("classify");
        cmd.add("--model");
        cmd.add(ExportedModels.fixture("tiny_bicubic_095.onnx").toString());
        cmd.add(
                ExportedModels.projectRoot()
                        .resolve("src/test/resources/fixtures/images/chelsea.png")
                        .toString());
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
        Path natives = home.resolve("cache").resolve("onnxruntime-native");
        assertThat(files(natives)).hasSize(1);
        assertThat(files(files(natives).get(0)))
                .extracting(p -> p.getFileName().toString())
                .contains(System.mapLibraryName("onnxruntime"));
    }
}
