package io.resnextexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate}'s top-1/top-5 equal timm's {@code validate.py} convention ({@code
 * timm.utils.accuracy} over timm's ImageFolder dataset with a class map, timm's transform, ONNX
 * Runtime on the same file; onnx-export/timm_accuracy.py). Untrained weights would make accuracy
 * trivially 0, so the folders are laid out from the model's own answers: 4 of 10 images filed under
 * their top-1 class, 3 under their 3rd class, 3 under a class outside their top-5, which gives 40 %
 * top-1 and 70 % top-5 when both sides rank the classes alike.
 */
@Tag("python")
class EvaluateMatchesTimmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void labelNamedFoldersGiveTimmsAccuracy() throws IOException {
        Path model = ExportedModels.fixture("tiny_bicubic_095.onnx");
        List<String> labels = labels(model);
        Path dir = layout(model, i -> labels.get(i));
        Path classMap = tmp.resolve("labels.txt");
        Files.write(classMap, labels, StandardCharsets.UTF_8);
        assertSameAsTimm(model, dir, classMap);
    }

    @Test
    @Tag("slow")
    void aFewSynsetFoldersOfAnImageNetModelGiveTimmsAccuracy() throws IOException {
        Path model = ExportedModels.seed("resnext50_32x4d");
        List<String> synsets =
                Files.readAllLines(
                        ExportedModels.projectRoot()
                                .resolve(
                                        "src/main/resources/io/resnextexplorer/metadata/"
                                                + "imagenet1k_synsets.txt"));
        Path dir = layout(model, synsets::get);
        try (var folders = Files.list(dir)) {
            assertEquals(true, folders.count() <= 10, "only a few of the 1000 synsets present");
        }
        Path classMap = tmp.resolve("synsets.txt");
        Files.write(classMap, synsets, StandardCharsets.UTF_8);
        assertSameAsTimm(model, dir, classMap);
    }

    private static List<String> labels(Path model) {
        try (SessionCore core = SessionCore.withDefaults()) {
            return core.load(model, ExecutionProvider.CPU).info().labels();
        }
    }

    /** Ten images filed into folders named {@code name(class)} as the class comment says. */
    private Path layout(Path model, IntFunction<String> name) throws IOException {
        Path pool = Files.createDirectories(tmp.resolve("pool"));
        List<Path> images = new ArrayList<>();
        for (String f :
                List.of("astronaut", "chelsea", "coffee", "rocket", "camera_gray", "made_37x29")) {
            Path p = pool.resolve(f + ".png");
            Files.copy(ExportedModels.fixture("images/" + f + ".png"), p);
            images.add(p);
        }
        int[] colours = {0xd04020, 0x20a040, 0x3050e0, 0xe0e020};
        for (int i = 0; i < colours.length; i++) {
            images.add(
                    TestImages.png(
                            pool.resolve("board" + i + ".png"), 120 + 9 * i, 100, colours[i]));
        }
        Path dir = Files.createDirectories(tmp.resolve("labelled"));
        try (SessionCore core = SessionCore.withDefaults()) {
            LoadedModel m = core.load(model, ExecutionProvider.CPU);
            int classes = m.info().numClasses();
            for (int i = 0; i < images.size(); i++) {
                ImageResult r = core.classify(ImageSource.file(images.get(i)), m, 5, false);
                List<Prediction> top = r.classification().top();
                int target;
                if (i < 4) {
                    target = top.get(0).index();
                } else if (i < 7) {
                    target = top.get(2).index();
                } else {
                    Set<Integer> in5 = new HashSet<>();
                    top.forEach(p -> in5.add(p.index()));
                    target = (top.get(0).index() + 1) % classes;
                    while (in5.contains(target)) {
                        target = (target + 1) % classes;
                    }
                }
                Path folder = Files.createDirectories(dir.resolve(name.apply(target)));
                Files.copy(images.get(i), folder.resolve(images.get(i).getFileName()));
            }
        }
        return dir;
    }

    private static void assertSameAsTimm(Path model, Path dir, Path classMap) throws IOException {
        String py =
                ExportedModels.run(
                        List.of(
                                ExportedModels.python(),
                                ExportedModels.projectRoot()
                                        .resolve("onnx-export/timm_accuracy.py")
                                        .toString(),
                                model.toString(),
                                dir.toString(),
                                "--class-map",
                                classMap.toString()),
                        10);
        JsonNode timm = JSON.readTree(py);
        CliRunner cli =
                CliRunner.run("evaluate", "--model", model.toString(), "--json", dir.toString());
        assertEquals(Cli.OK, cli.exitCode(), cli.err());
        JsonNode ours = JSON.readTree(cli.out()).get("models").get(0);
        assertEquals(0, ours.get("unmatched_folders").size(), ours.toString());
        JsonNode e = ours.get("evaluation");
        assertEquals(10, timm.get("images").asInt());
        assertEquals(timm.get("images").asLong(), e.get("images").asLong());
        assertEquals(
                timm.get("top1").asDouble(), 100 * e.get("top1").get("value").asDouble(), 1e-9);
        assertEquals(
                timm.get("top5").asDouble(), 100 * e.get("top5").get("value").asDouble(), 1e-9);
        // The layout's own arithmetic: non-trivial figures, not 0 % of untrained weights.
        assertEquals(40.0, timm.get("top1").asDouble(), 1e-9);
        assertEquals(70.0, timm.get("top5").asDouble(), 1e-9);
        // Targets are the model's own indices (a folder of class 517 is 517, not its folder rank).
        for (JsonNode f : ours.get("matched_folders")) {
            for (var it = timm.get("targets").fields(); it.hasNext(); ) {
                var t = it.next();
                if (Path.of(t.getKey())
                        .getParent()
                        .getFileName()
                        .toString()
                        .equals(f.get("folder").asText())) {
                    assertEquals(f.get("class_index").asInt(), t.getValue().asInt(), t.getKey());
                }
            }
        }
        assertEquals(true, e.get("untrained").asBoolean());
    }
}
