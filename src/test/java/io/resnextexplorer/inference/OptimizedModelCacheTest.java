package io.resnextexplorer.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-machine cache of ONNX Runtime-optimized models, on a real exported ResNeXt-shaped graph
 * and real sessions: a second load comes from the copy and computes exactly what the model does; a
 * damaged, refused, stale or foreign copy is never used.
 */
class OptimizedModelCacheTest {
    @TempDir Path tmp;

    private Path model() throws IOException {
        Path m = tmp.resolve("tiny.onnx");
        if (!Files.exists(m)) {
            Files.copy(ExportedModels.fixture("tiny_bicubic_095.onnx"), m);
        }
        return m;
    }

    private InferenceOptions cached() {
        return InferenceOptions.defaults().withOptimizedModels(tmp.resolve("cache"));
    }

    private static float[] input() {
        float[] x = new float[3 * 64 * 64];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static Map<String, Tensor> run(OnnxClassifier c) {
        return c.run(input(), 1, 64, 64, List.copyOf(c.signature().outputs().keySet()));
    }

    private List<Path> entries(String glob) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.filter(
                            p ->
                                    p.getFileSystem()
                                            .getPathMatcher("glob:" + glob)
                                            .matches(p.getFileName()))
                    .toList();
        }
    }

    @Test
    void theSecondLoadComesFromTheOptimizedCopyAndComputesExactlyTheSame() throws Exception {
        Map<String, Tensor> plain;
        Map<String, String> metadata;
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU)) {
            plain = run(c);
            metadata = c.metadata();
        }
        try (OnnxClassifier first = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(first.fromOptimizedCopy()).isFalse();
            assertThat(entries("*.onnx")).hasSize(1);
        }
        try (OnnxClassifier second =
                OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(second.fromOptimizedCopy()).isTrue();
            assertThat(second.metadata()).isEqualTo(metadata);
            Map<String, Tensor> out = run(second);
            assertThat(out.keySet()).isEqualTo(plain.keySet());
            for (String name : plain.keySet()) {
                // The same fused kernels run: not close, identical.
                assertThat(out.get(name).data()).as(name).containsExactly(plain.get(name).data());
            }
        }
        assertThat(entries("*.tmp")).as("no temporary files left").isEmpty();
    }

    @Test
    void aDamagedCopyIsNotUsedAndIsBuiltAgain() throws Exception {
        OnnxClassifier.open(model(), ExecutionProvider.CPU, cached()).close();
        Path copy = entries("*.onnx").get(0);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x40; // one flipped bit, in the weights
        Files.write(copy, bytes);
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(c.fromOptimizedCopy()).isFalse();
        }
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(c.fromOptimizedCopy()).as("rebuilt, then used").isTrue();
        }
    }

    @Test
    void aCopyOnnxRuntimeRefusesIsDeletedAndBuiltAgain() throws Exception {
        OnnxClassifier.open(model(), ExecutionProvider.CPU, cached()).close();
        Path copy = entries("*.onnx").get(0);
        Path entry = entries("*.properties").get(0);
        // A copy that matches its description but is not a model (as if written by a bug).
        Files.writeString(copy, "not a model");
        String described =
                Files.readString(entry)
                        .replaceAll("size=\\d+", "size=" + Files.size(copy))
                        .replaceAll("crc32c=\\w+", "crc32c=" + OptimizedModelCache.crc32c(copy));
        Files.writeString(entry, described);
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(c.fromOptimizedCopy()).isFalse();
            assertThat(run(c)).isNotEmpty();
        }
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(c.fromOptimizedCopy()).isTrue();
        }
    }

    @Test
    void aCopyWhoseDescriptionWasNeverWrittenIsNotUsed() throws Exception {
        OnnxClassifier.open(model(), ExecutionProvider.CPU, cached()).close();
        // A process killed between writing the copy and its description.
        Files.delete(entries("*.properties").get(0));
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached())) {
            assertThat(c.fromOptimizedCopy()).isFalse();
        }
    }

    @Test
    void aChangedModelFileGetsItsOwnCopy() throws Exception {
        OnnxClassifier.open(model(), ExecutionProvider.CPU, cached()).close();
        // Another model saved over the file: other bytes, other size, a later time.
        Files.copy(
                ExportedModels.fixture("tiny_bilinear_0875.onnx"),
                model(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(model(), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU, cached());
                OnnxClassifier plain = OnnxClassifier.open(model(), ExecutionProvider.CPU)) {
            assertThat(c.fromOptimizedCopy()).isFalse();
            assertThat(c.metadata()).isEqualTo(plain.metadata());
        }
        assertThat(entries("*.onnx")).hasSize(2);
    }

    @Test
    void theKeyHoldsTheModelsContentTheAppendedBytesOnnxRuntimesVersionAndTheCpu()
            throws Exception {
        OptimizedModelCache cache = new OptimizedModelCache(tmp.resolve("cache"));
        String base = cache.key(model(), null, "1.29.0").key();
        assertThat(cache.key(model(), null, "1.29.0").key()).isEqualTo(base);
        assertThat(cache.key(model(), new byte[] {1}, "1.29.0").key()).isNotEqualTo(base);
        assertThat(cache.key(model(), null, "1.30.0").key()).isNotEqualTo(base);
        // The same bytes under another name share the copy: the key is the content's.
        Path twin = Files.copy(model(), tmp.resolve("twin.onnx"));
        assertThat(cache.key(twin, null, "1.29.0").key()).isEqualTo(base);
        assertThat(CpuSignature.get()).isNotBlank();
    }

    @Test
    void theLeastRecentlyUsedCopiesGoBeyondTheSizeLimit() throws Exception {
        Path a = model();
        Path b =
                Files.copy(
                        ExportedModels.fixture("tiny_bilinear_0875.onnx"), tmp.resolve("b.onnx"));
        Path c = Files.copy(ExportedModels.fixture("tiny_plain.onnx"), tmp.resolve("c.onnx"));
        // Room for the two newest copies only.
        OptimizedModelCache cache =
                new OptimizedModelCache(tmp.resolve("cache"), Files.size(b) + Files.size(c));
        for (Path m : List.of(a, b, c)) {
            OptimizedModelCache.Key key = cache.key(m, null, "test");
            Path written = cache.temporaryFile(key);
            Files.copy(m, written, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            cache.commit(key, written, m);
            // distinct last-use times
            Files.setLastModifiedTime(
                    key.entry(),
                    FileTime.fromMillis(
                            System.currentTimeMillis()
                                    - 60_000
                                    + 1_000 * entries("*.properties").size()));
        }
        assertThat(cache.find(cache.key(a, null, "test"))).as("oldest evicted").isNull();
        assertThat(cache.find(cache.key(b, null, "test"))).isNotNull();
        assertThat(cache.find(cache.key(c, null, "test"))).isNotNull();
    }

    @Test
    void sessionsShareOneThreadPoolUnlessTheyAskForTheirOwnThreadCounts() throws Exception {
        try (OnnxClassifier a = OnnxClassifier.open(model(), ExecutionProvider.CPU);
                OnnxClassifier b = OnnxClassifier.open(model(), ExecutionProvider.CPU);
                OnnxClassifier own =
                        OnnxClassifier.open(
                                model(),
                                ExecutionProvider.CPU,
                                new InferenceOptions(1, 0, true, true))) {
            assertThat(a.sharedThreadPool()).isTrue();
            assertThat(b.sharedThreadPool()).isTrue();
            assertThat(own.sharedThreadPool()).isFalse();
            // All three run, in turn and on their pools.
            assertThat(run(a)).isNotEmpty();
            assertThat(run(own)).isNotEmpty();
            assertThat(run(b)).isNotEmpty();
        }
    }

    @Test
    void temporaryFilesAKilledProcessLeftAreRemovedAfterAnHour() throws Exception {
        OptimizedModelCache cache = new OptimizedModelCache(tmp.resolve("cache"));
        OptimizedModelCache.Key key = cache.key(model(), null, "test");
        Path abandoned = cache.temporaryFile(key);
        Files.setLastModifiedTime(
                abandoned, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3_600_000L));
        Path writing = cache.temporaryFile(key); // another process's, still being written
        Path written = cache.temporaryFile(key);
        Files.copy(model(), written, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        cache.commit(key, written, model());
        assertThat(abandoned).doesNotExist();
        assertThat(writing).exists();
        assertThat(cache.find(key)).isNotNull();
    }

    @Test
    void withoutACacheFolderNothingIsWritten() throws Exception {
        try (OnnxClassifier c = OnnxClassifier.open(model(), ExecutionProvider.CPU)) {
            assertThat(c.fromOptimizedCopy()).isFalse();
        }
        assertThat(tmp.resolve("cache")).doesNotExist();
        assertThat(Files.readAllBytes(model()))
                .isEqualTo(Files.readAllBytes(ExportedModels.fixture("tiny_bicubic_095.onnx")));
    }
}
