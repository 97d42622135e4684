package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key the CLI writes is snake_case, card figures included. */
class JsonKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    /**
     * Keys of our own, depth first. Two maps hold the file's data as keys and are not descended
     * into: metadata (the file's own keys) and opset_imports (ONNX domains, "" being the default).
     */
    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        if (node.isObject()) {
            node.properties()
                    .forEach(
                            e -> {
                                keys.add(e.getKey());
                                if (!List.of("metadata", "opset_imports").contains(e.getKey())) {
                                    keys.addAll(keys(e.getValue()));
                                }
                            });
        } else if (node.isArray()) {
            node.forEach(n -> keys.addAll(keys(n)));
        }
        return keys;
    }

    /** The tiny fixture with a card added, as the exporter writes for the seed variants. */
    private Path modelWithCard() {
        Path out = tmp.resolve("tiny_with_card.onnx");
        String script =
                "import onnx, sys\n"
                        + "m = onnx.load(sys.argv[1])\n"
                        + "p = m.metadata_props.add()\n"
                        + "p.key = 'resnext_explorer.card'\n"
                        + "p.value = '{\"params\": 25030000, \"flops\": 5472648192,"
                        + " \"file_size\": 100435887, \"top1\": 79.79, \"top5\": 94.61,"
                        + " \"source\": \"test\"}'\n"
                        + "onnx.save(m, sys.argv[2])\n";
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        "-c",
                        script,
                        ExportedModels.fixture("tiny_bicubic_095.onnx").toString(),
                        out.toString()),
                2);
        return out;
    }

    @Tag("python")
    @Test
    void infoJsonKeysAreSnakeCaseIncludingTheCard() throws Exception {
        CliRunner r = CliRunner.run("info", "--model", modelWithCard().toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.at("/card/file_size").asLong()).isEqualTo(100435887L);
        assertThat(keys(root)).isNotEmpty().allMatch(k -> k.matches("[a-z0-9_]+"), "snake_case");
    }

    @Tag("python")
    @Test
    void classifyJsonKeysAreSnakeCase() throws Exception {
        CliRunner r =
                CliRunner.run(
                        "classify",
                        "--model",
                        modelWithCard().toString(),
                        "--json",
                        "--with-logits",
                        ExportedModels.projectRoot()
                                .resolve("src/test/resources/fixtures/images/chelsea.png")
                                .toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(keys(JSON.readTree(r.out())))
                .isNotEmpty()
                .allMatch(k -> k.matches("[a-z0-9_]+"), "snake_case");
    }
}
