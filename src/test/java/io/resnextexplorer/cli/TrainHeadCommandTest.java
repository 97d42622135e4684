package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.session.HeadTrainerTest;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train-head} then {@code classify}/{@code info} with the result, through the CLI. */
class TrainHeadCommandTest {
    @TempDir Path tmp;

    private void trainsAndClassifiesWith(Path base) throws Exception {
        Path data = HeadTrainerTest.colourClasses(tmp.resolve("data"));
        Path out = tmp.resolve("colours.onnx");

        CliRunner train =
                CliRunner.run(
                        "train-head",
                        "--model",
                        base.toString(),
                        "--out",
                        out.toString(),
                        data.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out())
                .contains("2 classes, 16 images (12 to train, 4 held out)")
                .contains("Validation accuracy 100.0 %")
                .contains("Confusion matrix")
                .contains("UNTRAINED base weights")
                .contains("Wrote " + out);

        CliRunner again =
                CliRunner.run(
                        "train-head",
                        "--model",
                        base.toString(),
                        "--out",
                        out.toString(),
                        data.toString());
        assertThat(again.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(again.err()).contains("exists");

        CliRunner classify =
                CliRunner.run(
                        "classify",
                        "--model",
                        out.toString(),
                        "--json",
                        data.resolve("red/red3.png").toString());
        assertThat(classify.exitCode()).as(classify.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(classify.out());
        assertThat(r.at("/results/0/top/0/label").asText()).isEqualTo("red");
        assertThat(r.at("/models/0/weights/untrained").asBoolean()).isTrue();
        assertThat(r.at("/models/0/id").asText()).isEqualTo("colours");

        CliRunner compare =
                CliRunner.run(
                        "compare",
                        "--models",
                        base.toString(),
                        out.toString(),
                        data.resolve("blue/blue2.png").toString());
        assertThat(compare.exitCode()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("blue").contains("different numbers of classes");

        CliRunner info = CliRunner.run("info", "--model", out.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("linear probe").contains("UNTRAINED");
    }

    @Test
    void trainsOnATinyModelAndTheResultClassifies() throws Exception {
        trainsAndClassifiesWith(ExportedModels.fixture("tiny_bicubic_095.onnx"));
    }

    @Test
    @Tag("python")
    @Tag("slow")
    void trainsOnAFullSizeSeedExport() throws Exception {
        trainsAndClassifiesWith(ExportedModels.seed("resnext50_32x4d"));
    }

    @Test
    void aFolderWithOneClassIsRefusedInWords() throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one/cats"));
        io.resnextexplorer.testing.TestImages.png(one.resolve("a.png"), 40, 40, 0xff0000);
        io.resnextexplorer.testing.TestImages.png(one.resolve("b.png"), 40, 40, 0x00ff00);

        CliRunner cli =
                CliRunner.run(
                        "train-head",
                        "--model",
                        ExportedModels.fixture("tiny_bicubic_095.onnx").toString(),
                        "--out",
                        tmp.resolve("x.onnx").toString(),
                        tmp.resolve("one").toString());

        assertThat(cli.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(cli.err()).contains("at least 2 sub-folders");
    }
}
