package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** classify takes folders and list files as well as images, in command-line order. */
class ImageArgumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = ExportedModels.fixture("tiny_bicubic_095.onnx").toString();

    @TempDir Path tmp;

    private byte[] png;

    @BeforeEach
    void readImage() throws IOException {
        png =
                Files.readAllBytes(
                        ExportedModels.projectRoot()
                                .resolve("src/test/resources/fixtures/images/made_37x29.png"));
    }

    private Path image(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, png);
    }

    private static List<String> imagesOf(String json) throws IOException {
        List<String> images = new ArrayList<>();
        JSON.readTree(json).get("results").forEach(r -> images.add(r.get("image").asText()));
        return images;
    }

    private static CliRunner classify(String... rest) {
        List<String> args = new ArrayList<>(List.of("classify", "--model", MODEL, "--json"));
        args.addAll(List.of(rest));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aFolderIsClassifiedRecursivelyInPathOrderSkippingNonImages() throws IOException {
        Path b = image("album/b.png");
        Path a = image("album/2023/a.png");
        Path c = image("album/c");
        Files.writeString(tmp.resolve("album/readme.txt"), "not an image", StandardCharsets.UTF_8);

        CliRunner r = classify(tmp.resolve("album").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(imagesOf(r.out())).containsExactly(a.toString(), b.toString(), c.toString());
    }

    @Test
    void listFilesAndArgumentsKeepCommandLineOrder() throws IOException {
        Path first = image("first.png");
        Path listed1 = image("l/one.png");
        Path listed2 = image("l/two.png");
        Path last = image("last.png");
        Path list =
                Files.writeString(
                        tmp.resolve("list.txt"),
                        "# exported from the photo manager\n\n" + listed1 + "\r\n" + listed2 + "\n",
                        StandardCharsets.UTF_8);

        CliRunner r = classify(first.toString(), "--from-file", list.toString(), last.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(imagesOf(r.out()))
                .containsExactly(
                        first.toString(), listed1.toString(), listed2.toString(), last.toString());
    }

    @Test
    void relativePathsInAListAreRelativeToTheCurrentDirectory() throws IOException {
        // Surefire runs tests from the project root, which is the current directory here.
        String relative = "src/test/resources/fixtures/images/chelsea.png";
        Path list = Files.writeString(tmp.resolve("list.txt"), relative + "\n");

        CliRunner r = classify("--from-file", list.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode result = JSON.readTree(r.out()).get("results").get(0);
        // The record names the image by its identity, the absolute path (README, results JSON):
        // resolved against the current directory, not against the list file's folder.
        assertThat(result.get("image").asText())
                .isEqualTo(Path.of(relative).toAbsolutePath().normalize().toString());
        assertThat(result.get("ok").asBoolean()).isTrue();
    }

    @Test
    void aMissingListFileIsBadUsage() {
        CliRunner r = classify("--from-file", tmp.resolve("nope.txt").toString());

        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("list file not found").contains("nope.txt");
    }

    @Test
    void noImagesNamedAtAllIsBadUsageWithTheUsage() {
        CliRunner r = classify();

        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("Missing required parameter").contains("Usage:");
    }

    @Test
    void aFolderWithoutImagesIsBadUsage() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));

        CliRunner r = classify(tmp.resolve("empty").toString());

        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("no images found");
    }

    @Test
    void aSymlinkLoopInAFolderIsNotedAndTheRunSucceeds() throws IOException {
        Path inner = image("loop/inner/cat.png");
        Files.createSymbolicLink(tmp.resolve("loop/inner/up"), tmp.resolve("loop"));

        CliRunner r = classify(tmp.resolve("loop").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(imagesOf(r.out())).containsExactly(inner.toString());
        assertThat(r.err()).startsWith("note: skipped ").contains("up");
    }

    @Test
    void pathsCanComeFromStandardInput() throws Exception {
        Path one = image("in/one.png");
        Path two = image("in/two.png");

        CliProcess cli =
                CliProcess.run(
                        List.of("classify", "--model", MODEL, "--json", "--from-file", "-"),
                        two + "\n" + one + "\n",
                        tmp);

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(imagesOf(cli.out())).containsExactly(two.toString(), one.toString());
    }
}
