package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.session.UserDirs;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench}: one line per stage with its name first, figures that are consistent with each
 * other, JSON on request, and words (exit 2) for what it cannot run. The figures themselves are
 * machine-dependent and are not asserted.
 */
class BenchCommandTest {
    private static final Path MODEL = ExportedModels.fixture("tiny_bicubic_095.onnx");
    private static final Path IMAGE =
            ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images/chelsea.png");

    @TempDir Path tmp;

    @Test
    void textHasOneLinePerStageNameFirstThenSessionAndMemory() {
        CliRunner r =
                CliRunner.run("bench", "--model", MODEL.toString(), "--runs", "3", "--warmup", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> firstWords = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            firstWords.add(line.split("\\s+")[0]);
        }
        assertThat(firstWords)
                .contains(
                        "decode",
                        "preprocess",
                        "inference",
                        "postprocess",
                        "total",
                        "session-cold",
                        "session-warm",
                        "session-uncached",
                        "alternating",
                        "peak-rss");
        assertThat(r.out()).contains("synthetic 640x480 JPEG").contains("untrained weights");
    }

    @Test
    void jsonFiguresAreOrderedAndTheTotalIsAtLeastEachStage() throws Exception {
        CliRunner r =
                CliRunner.run(
                        "bench",
                        "--model",
                        MODEL.toString(),
                        "--image",
                        IMAGE.toString(),
                        "--runs",
                        "5",
                        "--warmup",
                        "1",
                        "--threads",
                        "1",
                        "--batch",
                        "2",
                        "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("batch").asInt()).isEqualTo(2);
        assertThat(root.get("threads").asInt()).isEqualTo(1);
        assertThat(root.get("untrained").asBoolean()).isTrue();
        assertThat(root.get("image_width").asInt()).isPositive();
        JsonNode stages = root.get("stages");
        assertThat(stages).hasSize(5);
        double totalMin = stages.get(4).get("min_ms").asDouble();
        for (JsonNode s : stages) {
            double min = s.get("min_ms").asDouble();
            double median = s.get("median_ms").asDouble();
            double p95 = s.get("p95_ms").asDouble();
            assertThat(min).as(s.toString()).isPositive().isLessThanOrEqualTo(median);
            assertThat(median).as(s.toString()).isLessThanOrEqualTo(p95);
            assertThat(totalMin).as(s.toString()).isGreaterThanOrEqualTo(min);
        }
        assertThat(root.get("session_cold_ms").asDouble()).isPositive();
        assertThat(root.get("session_warm_ms").asDouble()).isPositive();
        assertThat(root.get("session_uncached_ms").asDouble()).isPositive();
        assertThat(root.get("alternating").get("median_ms").asDouble()).isPositive();
        // The test run's cache (pom.xml): after the cold load wrote the copy, warm used it.
        assertThat(root.get("cache").asText()).isNotBlank();
        assertThat(root.get("images_per_second").asDouble()).isPositive();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            // The test JVM itself holds more than 50 MB resident.
            assertThat(root.get("peak_rss_bytes").asLong()).isGreaterThan(50L << 20);
        }
    }

    @Test
    void theFirstLoadWritesTheOptimizedCopyAndTheNextProcessLoadsFromIt() throws Exception {
        Path model = Files.copy(MODEL, tmp.resolve("m.onnx"));
        String cache = tmp.resolve("cache").toString();
        String before = System.getProperty(UserDirs.OPTIMIZED_MODELS_PROPERTY);
        System.setProperty(UserDirs.OPTIMIZED_MODELS_PROPERTY, cache);
        try {
            CliRunner first =
                    CliRunner.run("bench", "--model", model.toString(), "--runs", "1", "--json");
            CliRunner second =
                    CliRunner.run("bench", "--model", model.toString(), "--runs", "1", "--json");
            CliRunner none =
                    CliRunner.run(
                            "bench", "--model", model.toString(), "--runs", "1", "--no-cache");
            ObjectMapper json = new ObjectMapper();
            assertThat(json.readTree(first.out()).get("session_cold_from_cache").asBoolean())
                    .isFalse();
            assertThat(json.readTree(second.out()).get("session_cold_from_cache").asBoolean())
                    .isTrue();
            assertThat(none.out()).contains("session-cold").contains("(no cache)");
        } finally {
            if (before == null) {
                System.clearProperty(UserDirs.OPTIMIZED_MODELS_PROPERTY);
            } else {
                System.setProperty(UserDirs.OPTIMIZED_MODELS_PROPERTY, before);
            }
        }
    }

    @Test
    void anImageThatIsNotOneIsRefusedInWords() throws Exception {
        Path notImage = Files.writeString(tmp.resolve("notes.jpg"), "not a picture");
        CliRunner r =
                CliRunner.run("bench", "--model", MODEL.toString(), "--image", notImage.toString());
        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).startsWith("error: the image: ").doesNotContain("Exception");
    }

    @Test
    void zeroRunsIsABadArgument() {
        CliRunner r = CliRunner.run("bench", "--model", MODEL.toString(), "--runs", "0");
        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("runs must be at least 1");
    }

    @Test
    void aMissingModelIsReportedInWords() {
        CliRunner r = CliRunner.run("bench", "--model", tmp.resolve("nope.onnx").toString());
        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("model file not found");
    }
}
