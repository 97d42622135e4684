package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tuned checkpoint exported by the exporter is its own model in {@code info}: its own id and
 * file, "fine-tuned from ..., N classes", and none of the pretrained card's figures.
 */
@Tag("python")
class FineTunedModelInfoTest {
    @TempDir Path tmp;

    @Test
    void aFineTuneShowsWhereItStartedAndNoPublishedFigures() throws Exception {
        Path checkpoint = tmp.resolve("birds.pth");
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        "-c",
                        "import sys, timm, torch; torch.manual_seed(0);"
                                + " m = timm.create_model('resnet10t', num_classes=4);"
                                + " torch.save(m.state_dict(), sys.argv[1])",
                        checkpoint.toString()),
                5);
        Path labels = Files.writeString(tmp.resolve("labels.txt"), "wren\nrobin\ntit\njay\n");
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        ExportedModels.projectRoot().resolve("onnx-export/export.py").toString(),
                        "resnet10t.c3_in1k",
                        "--checkpoint",
                        checkpoint.toString(),
                        "--labels",
                        labels.toString(),
                        "--out",
                        tmp.toString()),
                10);
        Path model = tmp.resolve("birds.onnx");
        assertThat(model).isRegularFile();

        CliRunner text = CliRunner.run("info", "--model", model.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("fine-tuned from resnet10t.c3_in1k, 4 classes (checkpoint birds.pth)")
                .doesNotContain("top-1");

        CliRunner json = CliRunner.run("info", "--model", model.toString(), "--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.at("/model/id").asText()).isEqualTo("birds");
        assertThat(root.path("card").isMissingNode() || root.path("card").isNull())
                .as(json.out())
                .isTrue();
    }
}
