package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.testing.HostileModels;
import io.resnextexplorer.testing.HostileModels.Proto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted files whose repeated fields would make a naive reader allocate without bound: each fails
 * with a sentence before the heap fills, and a real model is far below every cap.
 */
class HugeRepeatedFieldsTest {
    @TempDir Path dir;

    private Path model(Proto graph) throws Exception {
        Proto m = new Proto().varint(1, 8).message(7, graph);
        m.message(8, new Proto().string(1, "").varint(2, 17));
        return Files.write(dir.resolve("crafted.onnx"), m.bytes());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void tenMillionPackedDimsOfOneTensorAreRefused() throws Exception {
        // 10 M one-byte varints: a 10 MB file that boxed into a List<Long> would take ~250 MB.
        Proto tensor = new Proto().packedVarints(1, 1, 10_000_000).varint(2, 1).string(8, "w");
        Path f = model(new Proto().message(5, tensor));
        long before = usedHeap();
        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("crafted.onnx")
                .hasMessageContaining("more than " + OnnxGraphReader.MAX_ENTRIES + " entries");
        assertThat(usedHeap() - before).as("bytes allocated").isLessThan(400L << 20);
    }

    @Test
    void millionsOfEmptyNodesAreRefused() throws Exception {
        // 2 bytes each on disk, a whole node object (lists, maps) each in memory.
        Path f = model(new Proto().emptyMessages(1, 4_100_000));
        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("GraphProto.node")
                .hasMessageContaining("a crafted or damaged file");
    }

    @Test
    void aHugeStringIsRefusedBeforeItIsCopied() throws Exception {
        byte[] doc = new byte[(int) OnnxGraphReader.MAX_STRING_BYTES + 1];
        java.util.Arrays.fill(doc, (byte) 'a');
        Proto m = new Proto().varint(1, 8).bytes(6, doc); // ModelProto.doc_string
        Path f = Files.write(dir.resolve("crafted.onnx"), m.bytes());
        assertThatThrownBy(() -> OnnxGraphReader.read(f))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("is more than this reader accepts");
        assertThatThrownBy(() -> OnnxGraphReader.readProperties(f))
                .isInstanceOf(OnnxFormatException.class);
    }

    @Test
    void aSmallClassifierReadsWellBelowTheCaps() throws Exception {
        Path f = HostileModels.write(dir, "ten");
        OnnxModel m = OnnxGraphReader.read(f);
        assertThat(m.nodes()).hasSize(4);
        assertThat(m.inputs()).singleElement().matches(t -> t.shape().rank() == 4);
    }
}
