package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shell glob of hundreds of absolute paths used to kill the JVM with SIGSEGV before any output
 * (ONNX Runtime's stack use grows with the command line). Only a child JVM has a real main thread
 * and a real /proc/self/cmdline, so the jar's entry point runs in one.
 */
class LongCommandLineTest {
    @TempDir Path tmp;

    @Test
    void sixHundredAbsolutePathsOnTheCommandLineAreAllClassified() throws Exception {
        Path dir = tmp;
        for (int i = 0; i < 6; i++) {
            dir = dir.resolve("a_rather_long_folder_name_like_users_have_" + i);
        }
        Files.createDirectories(dir);
        byte[] png =
                Files.readAllBytes(
                        ExportedModels.projectRoot()
                                .resolve("src/test/resources/fixtures/images/made_37x29.png"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("io.resnextexplorer.app.Launcher");
        command.add("classify");
        command.add("--model");
        command.add(ExportedModels.fixture("tiny_bicubic_095.onnx").toString());
        command.add("--json");
        command.add("--top");
        command.add("1");
        for (int i = 0; i < 600; i++) {
            Path image = dir.resolve(String.format("holiday_photo_%04d.png", i));
            Files.write(image, png);
            command.add(image.toAbsolutePath().toString());
        }
        assertThat(String.join(" ", command).length()).isGreaterThan(100_000);

        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        // Through the environment, so only the image paths make the command line long.
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        int exit = pb.start().waitFor();

        assertThat(exit).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        JsonNode results = new ObjectMapper().readTree(out.toFile()).get("results");
        assertThat(results).hasSize(600);
        assertThat(results).allSatisfy(r -> assertThat(r.get("ok").asBoolean()).isTrue());
        assertThat(results.get(599).get("image").asText()).endsWith("holiday_photo_0599.png");
    }
}
