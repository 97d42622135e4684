package io.resnextexplorer.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.ui.session.SessionViewModel.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsExporterTest {
    @TempDir Path dir;

    private static List<Result> results() {
        Classification c =
                new Classification(
                        List.of(
                                new Prediction(282, "tiger cat", 0.61, 11.2f),
                                new Prediction(281, "tabby, tabby cat", 0.2, 10.1f)),
                        null,
                        new Timings(8, 6, 92),
                        "CPU");
        return List.of(new Result("cat, \"big\".jpg", "/tmp/cat.jpg", "resnext50_32x4d", c));
    }

    @Test
    void csvHasOneRowPerRankAndQuotesCommas() throws Exception {
        Path f = dir.resolve("r.csv");
        ResultsExporter.write(results(), f);
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.get(0))
                .isEqualTo("image,source,model,rank,class_index,label,probability,logit");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1))
                .isEqualTo(
                        "\"cat, \"\"big\"\".jpg\",/tmp/cat.jpg,resnext50_32x4d,1,282,tiger cat,0.61000000,11.200000");
        assertThat(lines.get(2)).contains(",2,281,\"tabby, tabby cat\",");
    }

    @Test
    void jsonKeepsTopKTimingsAndProvider() throws Exception {
        Path f = dir.resolve("r.json");
        ResultsExporter.write(results(), f);
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        assertThat(root.get(0).get("model").asText()).isEqualTo("resnext50_32x4d");
        assertThat(root.get(0).get("provider").asText()).isEqualTo("CPU");
        assertThat(root.get(0).get("timings_ms").get("inference").asDouble()).isEqualTo(92.0);
        assertThat(root.get(0).get("top").get(0).get("index").asInt()).isEqualTo(282);
        assertThat(root.get(0).get("top").get(1).get("label").asText())
                .isEqualTo("tabby, tabby cat");
    }
}
