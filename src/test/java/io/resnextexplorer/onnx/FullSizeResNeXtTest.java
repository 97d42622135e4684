package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-size random-init timm ResNeXts exported with torch's default (dynamo) exporter, once per
 * build (cached under target/onnx-test-models). Tagged slow, but part of the default build.
 */
@Tag("slow")
class FullSizeResNeXtTest {
    private static final Logger LOG = LoggerFactory.getLogger(FullSizeResNeXtTest.class);

    private static PythonFixtures.Export export(String model) throws IOException {
        return PythonFixtures.export(model + ".onnx", "--model", model, "--dynamo");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnext50_32x4d, 25028904, 4230",
        "resnext50d_32x4d, 25048136, 4470",
        "resnext101_32x8d, 88791336, 16414"
    })
    void macsEqualHalfTheTorchFlopCountAndSourceParamsMatchTimm(
            String model, long torchParams, long megaMacs) throws IOException {
        PythonFixtures.Export e = export(model);

        long t0 = System.nanoTime();
        OnnxModel m = OnnxGraphReader.read(e.onnx());
        long t1 = System.nanoTime();
        InspectionReport r = ModelInspector.inspect(m, false);
        long t2 = System.nanoTime();
        LOG.info(
                "{}: {} bytes, read {} ms, inspect {} ms, {} MACs",
                model,
                m.fileSize(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                r.totalMacs());

        assertThat(r.notCountedOps()).isEmpty();
        assertThat(r.totalMacs()).isEqualTo(e.number("flop_counter_flops") / 2);
        assertThat(Math.round(r.totalMacs() / 1e6)).isEqualTo(megaMacs);
        assertThat(r.sourceParams()).isEqualTo(torchParams).isEqualTo(e.number("torch_params"));
        assertThat(r.initializerParams()).isEqualTo(e.number("onnx_initializer_params"));
        assertThat(r.paramsExplanation()).contains("batch norm was folded");
        for (StageSummary s : r.stages()) {
            assertThat(s.macs()).as(s.name()).isEqualTo(e.nested("stage_macs", s.name()));
        }
        assertThat(r.stages().stream().mapToLong(StageSummary::params).sum())
                .isEqualTo(r.initializerParams());
        assertThat(r.stage("layer4").outputShape().toString()).isEqualTo("batchx2048x7x7");
        assertThat(r.layers())
                .filteredOn(l -> l.opType().equals("Conv"))
                .allMatch(l -> l.module().contains("conv") || l.module().contains("downsample"));
    }

    @Test
    void readsTheLargestExportWithin64MegabytesOfHeap() throws IOException {
        Path file = export("resnext101_32x8d").onnx();
        Path root = PythonFixtures.projectRoot();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = root.resolve("target/classes") + ":" + root.resolve("target/test-classes");

        String out =
                PythonFixtures.exec(
                        root,
                        List.of(
                                java,
                                "-Xmx64m",
                                "-cp",
                                cp,
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
