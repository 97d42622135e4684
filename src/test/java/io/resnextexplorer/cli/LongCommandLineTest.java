package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
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
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "classify",
                                "--model",
                                ExportedModels.fixture("tiny_bicubic_095.onnx").toString(),
                                "--json",
                                "--top",
                                "1"));
        for (int i = 0; i < 600; i++) {
            Path image = dir.resolve(String.format("holiday_photo_%04d.png", i));
            Files.write(image, png);
            args.add(image.toAbsolutePath().toString());
        }
        assertThat(String.join(" ", args).length()).isGreaterThan(100_000);

        CliProcess cli = CliProcess.run(args, "", tmp);

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(cli.out()).get("results");
        assertThat(results).hasSize(600);
        assertThat(results).allSatisfy(r -> assertThat(r.get("ok").asBoolean()).isTrue());
        assertThat(results.get(599).get("image").asText()).endsWith("holiday_photo_0599.png");
    }
}
