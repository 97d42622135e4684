package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a window drop can bring, through the session core the window uses (the CLI's cases
 * included): each bad item fails alone with its sentence, the others are classified.
 */
class HostileImagesTest {
    private static final Path MODEL = ExportedModels.fixture("tiny_bicubic_095.onnx");

    @TempDir Path dir;

    private final SessionCore core = SessionCore.withDefaults();

    @AfterEach
    void close() {
        core.close();
    }

    private static Path resource(String name) {
        return ExportedModels.projectRoot().resolve("src/test/resources/imageio/" + name);
    }

    @Test
    void everyFileTheCliRefusesFailsAloneInTheSessionWithTheSameSentence() throws Exception {
        LoadedModel m = core.load(MODEL, ExecutionProvider.CPU);
        byte[] noise = new byte[5000];
        new java.util.Random(3).nextBytes(noise);
        List<ImageSource> drop =
                List.of(
                        ImageSource.file(resource("empty.jpg")),
                        ImageSource.file(resource("text.jpg")),
                        ImageSource.file(Files.write(dir.resolve("noise.jpg"), noise)),
                        ImageSource.file(resource("truncated.jpg")),
                        ImageSource.file(resource("huge_dimensions.png")),
                        ImageSource.file(TestImages.png(dir.resolve("ok.png"), 64, 48, 0x336699)));
        List<ImageResult> results = new ArrayList<>();
        for (ImageSource s : core.expand(drop)) {
            results.add(core.classify(s, m));
        }
        assertThat(results)
                .extracting(ImageResult::ok)
                .containsExactly(false, false, false, false, false, true);
        assertThat(results.get(0).error()).contains("empty");
        assertThat(results.get(1).error()).contains("text file");
        assertThat(results.get(2).error()).isNotBlank();
        assertThat(results.get(3).error()).contains("truncated or corrupt");
        assertThat(results.get(4).error()).contains("too large").contains("100.0 megapixels");
        assertThat(results).allMatch(r -> r.ok() || !r.error().contains("Exception"));
    }

    @Test
    void aFileDeletedBetweenDropAndDecodeSaysItNoLongerExists() throws Exception {
        LoadedModel m = core.load(MODEL, ExecutionProvider.CPU);
        Path folder = Files.createDirectories(dir.resolve("drop"));
        Path gone = TestImages.png(folder.resolve("gone.png"), 40, 30, 0x112233);
        Path kept = TestImages.png(folder.resolve("kept.png"), 40, 30, 0x445566);
        List<ImageSource> expanded = core.expand(List.of(ImageSource.file(folder)));
        assertThat(expanded).hasSize(2);
        Files.delete(gone); // after the drop was expanded, before the batch decodes it

        ImageResult first = core.classify(expanded.get(0), m);
        ImageResult second = core.classify(expanded.get(1), m);

        assertThat(first.ok()).isFalse();
        assertThat(first.error()).isEqualTo("The file '" + gone + "' does not exist.");
        assertThat(second.ok()).isTrue();
        assertThat(second.image()).isEqualTo(ImageSource.file(kept));
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        // root reads every file whatever its mode: there is no unreadable file to make.
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        LoadedModel m = core.load(MODEL, ExecutionProvider.CPU);
        Path locked = TestImages.png(dir.resolve("locked.png"), 40, 30, 0x112233);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        ImageResult r = core.classify(ImageSource.file(locked), m);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("permission denied");
    }

    @Test
    void aThousandFilesInNestedFoldersWithALinkLoopAllArriveInOrder() throws Exception {
        Path root = Files.createDirectories(dir.resolve("photos"));
        byte[] png = Files.readAllBytes(TestImages.png(dir.resolve("seed.png"), 16, 12, 0x808080));
        List<Path> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Path sub = root.resolve(String.format("d%02d/e%d", i % 10, i % 3));
            Files.createDirectories(sub);
            expected.add(Files.write(sub.resolve(String.format("img%04d.png", i)), png));
        }
        Files.writeString(root.resolve("d00/readme.txt"), "not an image");
        // A link from deep inside back to the top: following it would never end.
        Files.createSymbolicLink(root.resolve("d05/e1/loop"), root);

        long t0 = System.nanoTime();
        List<ImageSource> out = core.expand(List.of(ImageSource.file(root)));
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(out).hasSize(1000);
        assertThat(out)
                .containsExactlyElementsOf(
                        expected.stream().sorted().map(ImageSource::file).toList());
        assertThat(seconds).as("expanding 1,000 files (s)").isLessThan(60);

        // All 1,000 are classified by one batch with one model, none lost, none repeated.
        LoadedModel m = core.load(MODEL, ExecutionProvider.CPU);
        List<Integer> done = new CopyOnWriteArrayList<>();
        var pool =
                java.util.concurrent.Executors.newFixedThreadPool(
                        2, NativeThreads.daemonFactory("test-batch"));
        try {
            BatchRunner runner = new BatchRunner(core, pool);
            List<ImageResult> results =
                    runner.run(
                                    out,
                                    List.of(m),
                                    5,
                                    new BatchRunner.Listener() {
                                        @Override
                                        public void onResult(
                                                int index, ImageResult result, int count) {
                                            done.add(index);
                                        }
                                    })
                            .finished()
                            .get(300, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(results).hasSize(1000).allMatch(ImageResult::ok);
            assertThat(done).hasSize(1000).doesNotHaveDuplicates();
        } finally {
            pool.shutdown();
        }
    }
}
