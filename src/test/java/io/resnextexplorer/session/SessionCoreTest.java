package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session core without JavaFX, on real ONNX Runtime sessions of the committed tiny ResNeXt
 * fixtures and real image files. Batches run on an executor the test steps by hand, so "mid-batch"
 * is an exact place, not a moment.
 */
class SessionCoreTest {
    private static final Path BICUBIC = ExportedModels.fixture("tiny_bicubic_095.onnx");
    private static final Path BILINEAR = ExportedModels.fixture("tiny_bilinear_0875.onnx");

    @TempDir Path dir;

    private final SessionCore core = SessionCore.withDefaults();

    /** Queues tasks; {@link #step} runs the oldest one on the test thread. */
    private final Deque<Runnable> queue = new ArrayDeque<>();

    private final Executor stepped = queue::add;

    @AfterEach
    void close() {
        core.close();
    }

    private void step() {
        queue.poll().run();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            step();
        }
    }

    private ImageSource png(String name, int rgb) throws Exception {
        return ImageSource.file(TestImages.png(dir.resolve(name), 64, 48, rgb));
    }

    private List<ImageSource> pngs(int n) throws Exception {
        List<ImageSource> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(png("img" + i + ".png", 0x102030 * (i + 1)));
        }
        return out;
    }

    @Test
    void sameNamedFilesInTwoFoldersAreTwoImagesWithTheirOwnResults() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        ImageSource red = ImageSource.file(TestImages.png(a.resolve("cat.png"), 64, 48, 0xCC2222));
        ImageSource blue = ImageSource.file(TestImages.png(b.resolve("cat.png"), 64, 48, 0x2222CC));
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);

        ImageResult ra = core.classify(red, m, 10, true);
        ImageResult rb = core.classify(blue, m, 10, true);

        assertThat(red.name()).isEqualTo(blue.name());
        assertThat(red.id()).isNotEqualTo(blue.id());
        assertThat(ra.classification().logits()).isNotEqualTo(rb.classification().logits());
        // A relative path names the same image as its absolute form.
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(ImageSource.file(cwd.relativize(a.resolve("cat.png"))).id()).isEqualTo(red.id());
    }

    @Test
    void foldersExpandToTheImagesInsideByContentAndOtherSourcesPassThrough() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos/nested"));
        TestImages.png(folder.resolve("b.png"), 8, 8, 0x111111);
        Files.copy(folder.resolve("b.png"), folder.getParent().resolve("a.dat")); // PNG, odd name
        Files.writeString(folder.resolve("notes.jpg"), "not an image"); // text, image name
        ImageSource url = ImageSource.url(java.net.URI.create("https://example.org/x.png"));

        List<ImageSource> out = core.expand(List.of(ImageSource.file(folder.getParent()), url));

        assertThat(out)
                .containsExactly(
                        ImageSource.file(folder.getParent().resolve("a.dat")),
                        ImageSource.file(folder.resolve("b.png")),
                        url);
    }

    @Test
    void theDecodeCacheStaysWithinItsByteBoundAndDropsTheLeastRecentlyUsed() throws Exception {
        List<ImageSource> images = pngs(3);
        long one = 64 * 48 * 3;
        ClassificationService service = new ClassificationService();
        DecodeCache cache =
                new DecodeCache(
                        2 * one,
                        s -> {
                            try {
                                RgbImage img =
                                        service.decode(((ImageSource.FileSource) s).file()).image();
                                return new DecodedPicture(s, img, "PNG", 0);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });

        cache.get(images.get(0));
        cache.get(images.get(1));
        cache.get(images.get(0)); // 0 is now the most recently used
        cache.get(images.get(2));

        assertThat(cache.bytes()).isEqualTo(2 * one).isLessThanOrEqualTo(cache.maxBytes());
        assertThat(cache.peek(images.get(0))).isNotNull();
        assertThat(cache.peek(images.get(1))).isNull();
        assertThat(cache.peek(images.get(2))).isNotNull();

        DecodeCache tiny = new DecodeCache(one - 1, s -> cache.get(s));
        assertThat(tiny.get(images.get(0)).image().width()).isEqualTo(64);
        assertThat(tiny.size()).as("an image above the bound is returned, not kept").isZero();
    }

    @Test
    void aBadImageFailsWithItsReasonOnceAndIsNotReadAgain() throws Exception {
        ImageSource text = ImageSource.file(Files.writeString(dir.resolve("a.png"), "milk, eggs"));
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);

        ImageResult first = core.classify(text, m);
        ImageResult second = core.classify(text, m);

        assertThat(first.ok()).isFalse();
        assertThat(first.error()).contains("text file");
        assertThat(second.error()).isEqualTo(first.error());
        assertThat(core.stats().decodes()).isEqualTo(1);
        assertThat(core.stats().inferences()).isZero();
        assertThatThrownBy(() -> core.decode(text)).isInstanceOf(ImageFailedException.class);
    }

    @Test
    void aResultIsComputedOncePerImageModelAndProvider() throws Exception {
        ImageSource img = png("a.png", 0x336699);
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);

        ImageResult r1 = core.classify(img, m);
        ImageResult r2 = core.classify(img, m);

        assertThat(r2).isSameAs(r1);
        assertThat(core.stats().inferences()).isEqualTo(1);
        assertThat(core.cached(img, m.key())).isSameAs(r1);
        assertThat(
                        core.cached(
                                img,
                                new io.resnextexplorer.model.ModelKey(
                                        BICUBIC, ExecutionProvider.CUDA)))
                .isNull();
    }

    @Test
    void twoModelsOnOneImageGiveOneResultEachInModelOrder() throws Exception {
        ImageSource img = png("a.png", 0x336699);
        LoadedModel bicubic = core.load(BICUBIC, ExecutionProvider.CPU);
        LoadedModel bilinear = core.load(BILINEAR, ExecutionProvider.CPU);
        BatchRunner runner = new BatchRunner(core, stepped);

        BatchRunner.Batch b =
                runner.run(
                        List.of(img), List.of(bicubic, bilinear), 5, new BatchRunner.Listener() {});
        drain();

        List<ImageResult> results = b.finished().get(1, TimeUnit.SECONDS);
        assertThat(results)
                .extracting(r -> r.model().file())
                .containsExactly(bicubic.info().file(), bilinear.info().file());
        assertThat(results).allMatch(ImageResult::ok);
        assertThat(core.stats().decodes()).as("decoded once for both models").isEqualTo(1);
        // The two crops differ (crop 0.95 bicubic vs 0.875 bilinear), so do the answers.
        assertThat(results.get(0).classification().top1().probability())
                .isNotEqualTo(results.get(1).classification().top1().probability());
    }

    @Test
    void aBatchDecodesEachImageOnceForAllModelsEvenWhenTheCacheKeepsNothing() throws Exception {
        try (SessionCore streaming = SessionCore.streaming()) {
            LoadedModel bicubic = streaming.load(BICUBIC, ExecutionProvider.CPU);
            LoadedModel bilinear = streaming.load(BILINEAR, ExecutionProvider.CPU);
            BatchRunner.Batch b =
                    new BatchRunner(streaming, stepped)
                            .run(
                                    pngs(2),
                                    List.of(bicubic, bilinear),
                                    5,
                                    new BatchRunner.Listener() {});
            drain();

            assertThat(b.finished().get(1, TimeUnit.SECONDS)).hasSize(4).allMatch(ImageResult::ok);
            assertThat(streaming.decodeCache().size()).isZero();
            assertThat(streaming.stats().decodes()).isEqualTo(2);
            assertThat(streaming.stats().inferences()).isEqualTo(4);
        }
    }

    @Test
    void cancellingMidBatchStopsAfterTheImageInProgressAndKeepsWhatIsDone() throws Exception {
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner(core, stepped);
        BatchRunner.Batch b =
                runner.run(
                        pngs(5),
                        List.of(m),
                        5,
                        new BatchRunner.Listener() {
                            @Override
                            public void onResult(int index, ImageResult result, int done) {
                                seen.add(index);
                            }
                        });

        step();
        step();
        b.cancel();
        drain();

        List<ImageResult> results = b.finished().get(1, TimeUnit.SECONDS);
        assertThat(b.cancelled()).isTrue();
        assertThat(seen).containsExactly(0, 1);
        assertThat(results.subList(0, 2)).allMatch(ImageResult::ok);
        assertThat(results.subList(2, 5)).containsOnlyNulls();
        assertThat(core.stats().inferences()).isEqualTo(2);
    }

    @Test
    void aNewerBatchSupersedesTheOlderOne() throws Exception {
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);
        BatchRunner runner = new BatchRunner(core, stepped);
        List<ImageSource> images = pngs(4);
        BatchRunner.Batch older = runner.run(images, List.of(m), 5, new BatchRunner.Listener() {});
        step(); // image 0 of the older batch
        BatchRunner.Batch newer =
                runner.run(images.subList(2, 4), List.of(m), 5, new BatchRunner.Listener() {});
        drain();

        assertThat(older.cancelled()).isTrue();
        assertThat(older.finished().get(1, TimeUnit.SECONDS)).filteredOn(r -> r != null).hasSize(1);
        assertThat(newer.cancelled()).isFalse();
        assertThat(newer.finished().get(1, TimeUnit.SECONDS)).hasSize(2).allMatch(ImageResult::ok);
    }

    @Test
    void aFailedImageIsAnErrorOfItsOwnAndTheBatchGoesOn() throws Exception {
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);
        ImageSource bad =
                ImageSource.file(
                        Files.write(dir.resolve("cut.png"), new byte[] {(byte) 0x89, 'P'}));
        List<String> decodeErrors = new CopyOnWriteArrayList<>();
        BatchRunner runner = new BatchRunner(core, stepped);
        BatchRunner.Batch b =
                runner.run(
                        List.of(png("a.png", 0x101010), bad, png("c.png", 0x808080)),
                        List.of(m),
                        5,
                        new BatchRunner.Listener() {
                            @Override
                            public void onDecoded(int image, DecodedPicture p, String error) {
                                if (error != null) {
                                    decodeErrors.add(image + ": " + error);
                                }
                            }
                        });
        drain();

        List<ImageResult> results = b.finished().get(1, TimeUnit.SECONDS);
        assertThat(results).extracting(ImageResult::ok).containsExactly(true, false, true);
        assertThat(results.get(1).error()).isNotBlank();
        assertThat(decodeErrors).singleElement().asString().startsWith("1: ");
        assertThat(b.done()).isEqualTo(3);
        // The export lists the failure too, with the model's weights origin.
        assertThat(core.results(List.of(bad))).singleElement().matches(r -> !r.ok());
    }

    @Test
    void unloadingFreesTheSessionAndLaterRunsOnItFailInWords() throws Exception {
        ImageSource img = png("a.png", 0x336699);
        LoadedModel m = core.load(BICUBIC, ExecutionProvider.CPU);
        assertThat(core.load(BICUBIC, ExecutionProvider.CPU)).isSameAs(m);
        assertThat(core.models().nativeBytesEstimate()).isEqualTo(Files.size(BICUBIC));

        assertThat(core.models().unload(m.key())).isTrue();

        assertThat(core.models().loaded()).isEmpty();
        assertThat(core.models().nativeBytesEstimate()).isZero();
        assertThat(core.models().get(m.key())).isNull();
        ImageResult late = core.classify(img, m);
        assertThat(late.ok()).isFalse();
        assertThat(late.error()).contains("closed");
        LoadedModel again = core.load(BICUBIC, ExecutionProvider.CPU);
        assertThat(again).isNotSameAs(m);
        assertThat(core.classify(img, again).ok()).isTrue();
    }

    @Test
    void aFileThatIsNotAModelFailsToLoadWithAReasonAndIsRetriedNextTime() throws Exception {
        Path fake = Files.writeString(dir.resolve("m.onnx"), "not onnx");
        assertThatThrownBy(() -> core.load(fake, ExecutionProvider.CPU))
                .isInstanceOf(ModelFailedException.class)
                .hasMessageContaining("not an ONNX model");
        Files.copy(BICUBIC, fake, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(core.load(fake, ExecutionProvider.CPU).info().numClasses()).isEqualTo(10);
    }

    @Test
    void theGuardIsAskedBeforeEverySlowCall() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (SessionCore guarded =
                new SessionCore(
                        new ClassificationService(),
                        UrlFetcher.withDefaults(),
                        io.resnextexplorer.inference.InferenceOptions.defaults(),
                        SessionCore.DEFAULT_DECODE_CACHE_BYTES,
                        asked::add)) {
            ImageSource img = png("a.png", 0x336699);
            LoadedModel m = guarded.load(BICUBIC, ExecutionProvider.CPU);
            guarded.decode(img);
            guarded.classify(img, m);
            guarded.inspect(BICUBIC, false);
        }
        assertThat(asked).containsExactly("load", "decode", "classify", "inspect");
    }
}
