package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.testing.ExportedModels;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four seed variants, exported full size with random-init weights by onnx-export during the
 * test run, inspected from the graph alone and cross-checked against the exporter's independent
 * Python reference in their metadata (initializer count with the onnx package, torch's FLOP counter
 * in total and per stage). Tagged slow, but part of the default build.
 */
@Tag("python")
@Tag("slow")
class FullSizeResNeXtTest {
    private static final Logger LOG = LoggerFactory.getLogger(FullSizeResNeXtTest.class);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnext50_32x4d, 25028904, 4230",
        "tv_resnext50_32x4d, 25028904, 4230",
        "resnext50d_32x4d, 25048136, 4470",
        "resnext101_32x8d, 88791336, 16414"
    })
    void graphCountsEqualThePythonReferenceAndTimm(String id, long torchParams, long megaMacs)
            throws IOException {
        Path file = ExportedModels.seed(id);

        long t0 = System.nanoTime();
        OnnxModel m = OnnxGraphReader.read(file);
        long t1 = System.nanoTime();
        InspectionReport r = ModelInspector.inspect(m, true);
        long t2 = System.nanoTime();
        LOG.info(
                "{}: {} bytes, read {} ms, inspect+sha256 {} ms, {} MACs, {} initializer params",
                id,
                m.fileSize(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                r.totalMacs(),
                r.initializerParams());

        Map<?, ?> reference =
                new ObjectMapper()
                        .readValue(m.metadata().get(ReferenceCheck.REFERENCE_KEY), Map.class);
        assertThat(ReferenceCheck.differences(r, castMap(reference))).isEmpty();

        assertThat(r.notCountedOps()).isEmpty();
        assertThat(Math.round(r.totalMacs() / 1e6)).isEqualTo(megaMacs);
        assertThat(r.totalMacs()).isEqualTo(r.sourceMacs());
        assertThat(r.totalFlops()).isEqualTo(2 * r.totalMacs());
        assertThat(r.sourceParams()).isEqualTo(torchParams);
        assertThat(r.paramsExplanation()).isNotBlank();
        assertThat(r.stages().stream().mapToLong(StageSummary::macs).sum())
                .isEqualTo(r.totalMacs());
        assertThat(r.stages().stream().mapToLong(StageSummary::params).sum())
                .isEqualTo(r.initializerParams());
        assertThat(r.stages().stream().map(StageSummary::name))
                .containsExactly("stem", "layer1", "layer2", "layer3", "layer4", "head");
        assertThat(r.stage("layer4").outputShape().toString()).endsWith("x2048x7x7");
        assertThat(r.sha256()).hasSize(64);
        assertThat(r.fileSize()).isEqualTo(java.nio.file.Files.size(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    @Test
    void readsTheLargestExportWithin64MegabytesOfHeap() throws IOException {
        Path file = ExportedModels.seed("resnext101_32x8d");
        Path root = ExportedModels.projectRoot();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = root.resolve("target/classes") + ":" + root.resolve("target/test-classes");

        String out =
                ExportedModels.run(
                        root,
                        List.of(
                                java,
                                "-Xmx64m",
                                "-cp",
                                cp + File.pathSeparator + System.getProperty("java.class.path"),
                                InspectMain.class.getName(),
                                file.toString()),
                        5);
        LOG.info("-Xmx64m run: {}", out.lines().reduce((a, b) -> b).orElse(""));

        assertThat(out).contains("16.41 G").contains("max_heap_mb=64");
        double retained =
                Double.parseDouble(out.replaceAll("(?s).*retained_heap_mb=([0-9.]+).*", "$1"));
        assertThat(retained).isLessThan(16);
    }
}
