package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.ModelProperties;
import io.resnextexplorer.model.graph.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxGraphReaderTest {

    @TempDir Path tmp;

    private static final String SMALL_MODEL =
            """
            import onnx, sys
            from onnx import helper, TensorProto, numpy_helper
            import numpy as np
            x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 8, 8])
            y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])
            w = numpy_helper.from_array(np.zeros((4, 3, 3, 3), np.float32), "w")
            shape = numpy_helper.from_array(np.array([0, -1], np.int64), "shape")
            nodes = [
                helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
                helper.make_node("GlobalAveragePool", ["c"], ["g"], name="gap"),
                helper.make_node("Reshape", ["g", "shape"], ["y"], name="flat"),
            ]
            g = helper.make_graph(nodes, "small", [x], [y], [w, shape])
            m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)],
                                  producer_name="handmade", producer_version="0.1")
            m.doc_string = "a doc"
            helper.set_model_props(m, {"resnext_explorer.source_params": "108", "k2": "v2"})
            onnx.save(m, sys.argv[1])
            """;

    private Path smallModel() throws IOException {
        Path f = tmp.resolve("small.onnx");
        PythonFixtures.run(tmp, SMALL_MODEL, f.toString());
        return f;
    }

    @Tag("python")
    @Test
    void readsModelFieldsMetadataAndGraphStructure() throws IOException {
        OnnxModel m = OnnxGraphReader.read(smallModel());

        ModelProperties p = m.properties();
        assertThat(p.producerName()).isEqualTo("handmade");
        assertThat(p.producerVersion()).isEqualTo("0.1");
        assertThat(p.docString()).isEqualTo("a doc");
        assertThat(p.irVersion()).isPositive();
        assertThat(p.defaultOpset()).isEqualTo(17);
        assertThat(p.graphName()).isEqualTo("small");
        assertThat(m.metadata())
                .containsEntry("resnext_explorer.source_params", "108")
                .containsEntry("k2", "v2");

        assertThat(m.inputs()).hasSize(1);
        TensorInfo x = m.inputs().get(0);
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.elementType()).isEqualTo("float32");
        assertThat(x.shape().toString()).isEqualTo("Nx3x8x8");
        assertThat(x.shape().dim(0).isSymbolic()).isTrue();
        assertThat(m.outputs().get(0).shape().toString()).isEqualTo("Nx4");

        assertThat(m.nodes())
                .extracting(OnnxNode::opType)
                .containsExactly("Conv", "GlobalAveragePool", "Reshape");
        OnnxNode conv = m.nodes().get(0);
        assertThat(conv.name()).isEqualTo("conv");
        assertThat(conv.inputs()).containsExactly("x", "w");
        assertThat(conv.attribute("pads").ints()).containsExactly(1L, 1L, 1L, 1L);
        assertThat(conv.attribute("pads").type()).isEqualTo("INTS");

        assertThat(m.initializers()).extracting(OnnxTensor::name).containsExactly("w", "shape");
        OnnxTensor w = m.initializers().get(0);
        assertThat(w.dims()).containsExactly(4L, 3L, 3L, 3L);
        assertThat(w.elementType()).isEqualTo("float32");
        assertThat(w.int64Values()).isNull();
        assertThat(m.initializers().get(1).int64Values()).containsExactly(0L, -1L);
        assertThat(m.initializerElements()).isEqualTo(108 + 2);
    }

    @Tag("python")
    @Test
    void readsExternalDataInitializersFromMetadataOnly() throws IOException {
        Path f = tmp.resolve("ext.onnx");
        PythonFixtures.run(
                tmp,
                SMALL_MODEL
                        + """
                        m = onnx.load(sys.argv[1])
                        onnx.save(m, sys.argv[1], save_as_external_data=True,
                                  all_tensors_to_one_file=True, location="ext.onnx.data",
                                  size_threshold=0)
                        """,
                f.toString());
        OnnxModel m = OnnxGraphReader.read(f);
        OnnxTensor w = m.initializers().get(0);
        assertThat(w.external()).isTrue();
        assertThat(w.externalLocation()).isEqualTo("ext.onnx.data");
        assertThat(w.dims()).containsExactly(4L, 3L, 3L, 3L);
        assertThat(m.initializerElements()).isEqualTo(110);
        // The small Reshape shape is read from the data file, so shapes still resolve.
        assertThat(m.initializers().get(1).external()).isTrue();
        assertThat(m.initializers().get(1).int64Values()).containsExactly(0L, -1L);
        InspectionReport r = ModelInspector.inspect(m);
        assertThat(r.stages().get(0).outputShape().toString()).isEqualTo("Nx4");
        assertThat(r.totalMacs()).isEqualTo(4L * 8 * 8 * 27);
    }

    @Tag("python")
    @Test
    void readsPropertiesAndMetadataWithoutParsingTheGraph() throws IOException {
        ModelProperties p = OnnxGraphReader.readProperties(smallModel());

        assertThat(p.producerName()).isEqualTo("handmade");
        assertThat(p.defaultOpset()).isEqualTo(17);
        assertThat(p.metadata()).containsEntry("resnext_explorer.source_params", "108");
    }

    @Tag("python")
    @Test
    void rejectsTruncatedFileWithClearMessage() throws IOException {
        Path full = smallModel();
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> OnnxGraphReader.read(cut))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith("truncated ONNX file: cut.onnx");
    }

    @Tag("python")
    @Test
    void rejectsFileCutInsideTheLastByteAsTruncated() throws IOException {
        byte[] bytes = Files.readAllBytes(smallModel());
        Path cut = tmp.resolve("cut1.onnx");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> OnnxGraphReader.read(cut))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith("truncated ONNX file: ");
    }

    @Test
    void namesACheckpointPassedAsAModel() throws IOException {
        // A torch.save file (ZIP) or an old pickle checkpoint is the likeliest wrong file here; the
        // ZIP is named by the same signature list the image decoder uses (FileSignatures).
        Path zip = Files.write(tmp.resolve("weights.onnx"), new byte[] {'P', 'K', 3, 4, 20, 0});
        Path pickle = Files.write(tmp.resolve("old.onnx"), new byte[] {(byte) 0x80, 2, '}', 'q'});

        assertThatThrownBy(() -> OnnxGraphReader.read(zip))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith("not an ONNX model: weights.onnx: it looks like a ZIP")
                .hasMessageContaining("PyTorch .pt/.pth checkpoint");
        assertThatThrownBy(() -> OnnxGraphReader.read(pickle))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(
                        "not an ONNX model: old.onnx: it looks like a Python pickle (an old"
                                + " PyTorch checkpoint?)");
    }

    @Test
    void rejectsTextFileAsNotOnnx() throws IOException {
        Path f = tmp.resolve("notes.onnx");
        Files.writeString(f, "hello, this is not a model\n");

        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage("not an ONNX model: notes.onnx: it looks like a text file");
    }

    @Tag("python")
    @Test
    void rejectsPngImageAsNotOnnx() throws IOException {
        Path f = tmp.resolve("cat.png");
        PythonFixtures.run(
                tmp,
                """
                import sys, zlib, struct
                def chunk(t, d):
                    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
                raw = b"".join(b"\\x00" + b"\\x7f\\x7f\\x7f" * 4 for _ in range(4))
                png = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
                       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
                open(sys.argv[1], "wb").write(png)
                """,
                f.toString());

        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage("not an ONNX model: cat.png: it looks like a PNG image");
    }

    @Test
    void rejectsEmptyFileAsNotOnnx() throws IOException {
        Path f = Files.createFile(tmp.resolve("empty.onnx"));

        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage("not an ONNX model: empty.onnx: the file is empty");
    }

    @Test
    void rejectsProtobufWithoutGraphAsNotOnnx() throws IOException {
        Path f = tmp.resolve("nograph.onnx");
        // ir_version = 8, producer_name = "x", opset_import {version 17}, and no graph.
        Files.write(f, new byte[] {0x08, 0x08, 0x12, 0x01, 'x', 0x42, 0x02, 0x10, 0x11});

        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("not an ONNX model: nograph.onnx: it has no graph");
    }

    @Test
    void reportsFileEndingBeforeTheGraphAsTruncated() throws IOException {
        Path f = tmp.resolve("header.onnx");
        Files.write(f, new byte[] {0x08, 0x08, 0x12, 0x01, 'x'});

        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(
                        "truncated ONNX file: header.onnx: it ends after 5 bytes, before the graph");
    }

    @Test
    void readsPackedAndUnpackedRepeatedInts() throws IOException {
        Path f = tmp.resolve("packed.onnx");
        // ModelProto{ir_version=8, graph{initializer{dims packed [2,3], data_type=7,
        //   int64_data unpacked 1,2,3,4,5,6, name="t"}}}
        byte[] tensor = {
            0x0A, 0x02, 0x02, 0x03, // dims, packed
            0x10, 0x07, // data_type = INT64
            0x38, 0x01, 0x38, 0x02, 0x38, 0x03, 0x38, 0x04, 0x38, 0x05, 0x38, 0x06, // int64_data
            0x42, 0x01, 't'
        };
        byte[] graph = new byte[tensor.length + 2];
        graph[0] = 0x2A; // initializer, field 5 LEN
        graph[1] = (byte) tensor.length;
        System.arraycopy(tensor, 0, graph, 2, tensor.length);
        byte[] model = new byte[graph.length + 4];
        model[0] = 0x08;
        model[1] = 0x08;
        model[2] = 0x3A; // graph, field 7 LEN
        model[3] = (byte) graph.length;
        System.arraycopy(graph, 0, model, 4, graph.length);
        Files.write(f, model);

        OnnxTensor t = OnnxGraphReader.read(f).initializers().get(0);

        assertThat(t.name()).isEqualTo("t");
        assertThat(t.dims()).containsExactly(2L, 3L);
        assertThat(t.elementType()).isEqualTo("int64");
        assertThat(t.int64Values()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
}
