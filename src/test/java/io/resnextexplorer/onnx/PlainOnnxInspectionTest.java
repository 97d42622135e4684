package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.StageSummary;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not our exports: no metadata, and no timm module names. */
@Tag("python")
class PlainOnnxInspectionTest {

    @TempDir Path tmp;

    @Test
    void exportWithoutOurMetadataInspectsWithoutSourceFigures() throws IOException {
        PythonFixtures.Export e =
                PythonFixtures.export(
                        "tiny_plain.onnx", "--model", "tiny", "--size", "64", "--plain");

        InspectionReport r = ModelInspector.inspect(e.onnx());

        assertThat(r.properties().metadata()).isEmpty();
        assertThat(r.sourceParams()).isNull();
        assertThat(r.sourceMacs()).isNull();
        assertThat(r.totalMacs()).isEqualTo(e.number("macs"));
        assertThat(r.paramsExplanation()).contains("no source parameter count");
        assertThat(r.stages()).extracting(StageSummary::name).contains("layer1", "head");
    }

    @Test
    void graphWithoutTimmNamesPutsEverythingInOther() throws IOException {
        Path f = tmp.resolve("plain.onnx");
        PythonFixtures.run(
                tmp,
                """
                import sys, numpy as np, onnx
                from onnx import helper, TensorProto, numpy_helper
                w = numpy_helper.from_array(np.zeros((16, 3, 3, 3), np.float32), "W0")
                fcw = numpy_helper.from_array(np.zeros((16, 5), np.float32), "W1")
                nodes = [helper.make_node("Conv", ["x", "W0"], ["a"], pads=[1, 1, 1, 1]),
                         helper.make_node("Relu", ["a"], ["b"]),
                         helper.make_node("GlobalAveragePool", ["b"], ["c"]),
                         helper.make_node("Flatten", ["c"], ["d"]),
                         helper.make_node("MatMul", ["d", "W1"], ["y"])]
                g = helper.make_graph(nodes, "g",
                    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 32, 32])],
                    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])], [w, fcw])
                onnx.save(helper.make_model(g), sys.argv[1])
                """,
                f.toString());

        InspectionReport r = ModelInspector.inspect(f);

        assertThat(r.stages()).extracting(StageSummary::name).containsExactly("other");
        assertThat(r.stages().get(0).params()).isEqualTo(16 * 3 * 3 * 3 + 16 * 5);
        assertThat(r.totalMacs()).isEqualTo(16L * 32 * 32 * 27 + 16 * 5);
        assertThat(r.stages().get(0).outputShape().toString()).isEqualTo("1x5");
        assertThat(r.layers()).extracting(LayerRow::opType).containsExactly("Conv", "MatMul");
        assertThat(r.layers()).extracting(LayerRow::module).containsOnly("");
        assertThat(r.notes()).isEmpty();
        assertThat(r.sha256()).hasSize(64);
        assertThat(r.fileSize()).isPositive();
    }
}
