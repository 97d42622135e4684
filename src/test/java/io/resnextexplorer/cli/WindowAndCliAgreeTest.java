package io.resnextexplorer.cli;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.app.Explorer;
import io.resnextexplorer.app.ExplorerWindowFixture;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.session.SessionImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's JSON export and {@code classify --json} write the same records for the same images
 * and model, byte for byte apart from the timings: one writer, one schema.
 */
@ExtendWith(ApplicationExtension.class)
class WindowAndCliAgreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;
    private Path model;

    @Start
    void start(Stage stage) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        model =
                Files.copy(
                        ExportedModels.fixture("tiny_bicubic_095.onnx"), models.resolve("m.onnx"));
        explorer = window.open(stage, models);
    }

    @Test
    void windowExportAndCliJsonHaveTheSameRecordsApartFromTimings() throws Exception {
        List<Path> images = new ArrayList<>();
        for (String f : List.of("chelsea.png", "astronaut.png", "coffee.png")) {
            images.add(Files.copy(ExportedModels.fixture("images/" + f), dir.resolve(f)));
        }
        images.add(Files.writeString(dir.resolve("notes.jpg"), "not an image")); // fails in both
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> fx(() -> explorer.session().modelProperty().get() != null));
        WaitForAsyncUtils.asyncFx(() -> explorer.session().addFiles(images))
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () ->
                        fx(
                                () ->
                                        explorer.session().images().size() == images.size()
                                                && explorer.session().images().stream()
                                                        .map(SessionImage::status)
                                                        .allMatch(
                                                                s ->
                                                                        s
                                                                                        == SessionImage
                                                                                                .Status
                                                                                                .DONE
                                                                                || s
                                                                                        == SessionImage
                                                                                                .Status
                                                                                                .ERROR)));
        Path export = dir.resolve("window.json");
        WaitForAsyncUtils.asyncFx(() -> explorer.shell().export(export)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(export));

        List<String> args =
                new ArrayList<>(List.of("classify", "--model", model.toString(), "--json"));
        images.forEach(p -> args.add(p.toString()));
        CliRunner cli = CliRunner.run(args.toArray(String[]::new));

        assertThat(cli.exitCode()).isEqualTo(Cli.SOME_FAILED);
        JsonNode window = JSON.readTree(export.toFile());
        JsonNode ours = JSON.readTree(cli.out());
        assertThat(ours.get("models").toString()).isEqualTo(window.get("models").toString());
        assertThat(withoutTimings(ours.get("results")))
                .hasSize(images.size())
                .isEqualTo(withoutTimings(window.get("results")));
        assertThat(withoutTimings(ours.get("results")).get(3)).contains("\"ok\":false");
    }

    private static List<String> withoutTimings(JsonNode results) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : results) {
            ObjectNode copy = r.deepCopy();
            copy.remove("timing_ms");
            out.add(copy.toString());
        }
        return out;
    }
}
