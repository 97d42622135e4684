package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One schema for the CLI and the window, on real results of the (untrained) tiny fixture. */
class ResultsWriterTest {
    @TempDir Path dir;

    private final SessionCore core = SessionCore.withDefaults();
    private List<ImageResult> results;

    @BeforeEach
    void classify() throws Exception {
        LoadedModel m =
                core.load(ExportedModels.fixture("tiny_bicubic_095.onnx"), ExecutionProvider.CPU);
        ImageSource good =
                ImageSource.file(TestImages.png(dir.resolve("a,b.png"), 40, 30, 0x4488CC));
        ImageSource bad = ImageSource.file(Files.writeString(dir.resolve("notes.png"), "hello"));
        results = List.of(core.classify(good, m), core.classify(bad, m));
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void jsonHasEachModelOnceAndEveryResultWithItsWeightsOriginFailuresIncluded() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ResultsWriter.json(results));

        assertThat(root.get("schema_version").asInt()).isEqualTo(ResultsWriter.SCHEMA_VERSION);
        assertThat(root.get("models")).hasSize(1);
        assertThat(root.at("/models/0/weights/untrained").asBoolean()).isTrue();
        assertThat(root.at("/models/0/note").asText()).contains("UNTRAINED");
        JsonNode ok = root.at("/results/0");
        JsonNode failed = root.at("/results/1");
        assertThat(ok.get("image").asText()).isEqualTo(dir.resolve("a,b.png").toString());
        assertThat(ok.get("name").asText()).isEqualTo("a,b.png");
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("top")).hasSize(5);
        assertThat(ok.at("/timing_ms/inference").asDouble()).isPositive();
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("error").asText()).contains("text file");
        assertThat(failed.has("top")).isFalse();
        for (JsonNode r : root.get("results")) {
            assertThat(r.at("/weights/kind").asText()).isEqualTo("random-init");
            assertThat(r.at("/weights/untrained").asBoolean()).isTrue();
            assertThat(r.get("model").asText()).isEqualTo("tiny_bicubic_095");
        }
    }

    @Test
    void csvHasOneRowPerRankAndOneForAFailureWithTheUntrainedFlagOnEach() {
        List<String> lines = ResultsWriter.csv(results).lines().toList();

        assertThat(lines.get(0))
                .isEqualTo(
                        "image,name,model,weights,untrained,provider,ok,error,rank,class_index,"
                                + "label,probability,logit");
        assertThat(lines).hasSize(1 + 5 + 1);
        assertThat(lines.get(1)).contains("\"a,b.png\"").contains(",random-init,true,CPU,true,,1,");
        assertThat(lines.get(6)).contains(",false,").contains("text file").endsWith(",,,,,");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).contains(",random-init,true,");
        }
    }

    @Test
    void copiedTextSaysTheWeightsAreUntrained() {
        String text = ResultsWriter.copyText(results.get(0));

        assertThat(text).startsWith("a,b.png — tiny_bicubic_095\n");
        assertThat(text).contains("weights: " + results.get(0).weights().summary());
        assertThat(text).contains("UNTRAINED WEIGHTS: these are not predictions");
        assertThat(text.lines().filter(l -> l.matches("\\d\t.*"))).hasSize(5);
        assertThat(ResultsWriter.copyText(results.get(1))).contains("error: ");
    }

    @Test
    void writeChoosesTheFormatByExtensionAndLeavesNoPartialFile() throws Exception {
        Path json = dir.resolve("out.json");
        Path csv = dir.resolve("out.csv");

        ResultsWriter.write(results, json);
        ResultsWriter.write(results, csv);

        assertThat(Files.readString(json)).isEqualTo(ResultsWriter.json(results));
        assertThat(Files.readString(csv)).isEqualTo(ResultsWriter.csv(results));
        assertThat(dir.resolve("out.json.part")).doesNotExist();
    }
}
