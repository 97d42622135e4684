package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session file: saved as it changes, atomically, versioned, and read back or set aside. */
class SessionStoreTest {
    @TempDir Path dir;

    private Path sessionFile() {
        return dir.resolve("home/session.json");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void filesUrlsAndPastedBytesRoundTripWithTheCurrentImageAndTheModel() throws Exception {
        Path png = TestImages.png(dir.resolve("cat.png"), 40, 30, 0x336699);
        byte[] pasted = Files.readAllBytes(png);
        List<ImageSource> images =
                List.of(
                        ImageSource.file(png),
                        ImageSource.url(URI.create("https://example.org/dog.jpg")),
                        ImageSource.bytes(pasted, "pasted-1.png"));
        Path model = dir.resolve("m.onnx");
        try (SessionStore store = new SessionStore(sessionFile(), l -> List.of())) {
            store.write(new SessionStore.State(images, 2, model, "CPU"));
        }

        SessionStore.Loaded back = new SessionStore(sessionFile(), l -> List.of()).load();

        assertThat(back.message()).isNull();
        assertThat(back.state().images()).containsExactlyElementsOf(images);
        assertThat(((ImageSource.BytesSource) back.state().images().get(2)).data())
                .isEqualTo(pasted);
        assertThat(back.state().current()).isEqualTo(2);
        assertThat(back.state().model()).isEqualTo(model);
        assertThat(back.state().provider()).isEqualTo("CPU");
        assertThat(Files.readString(sessionFile())).contains("\"schema_version\" : 1");
        // Only the file and its pasted bytes: no temporary file left behind.
        assertThat(names(sessionFile().getParent()))
                .containsExactly("session-images", "session.json");
    }

    @Test
    void resultsAreSavedInTheResultsSchemaWithTheirErrors() throws Exception {
        try (SessionCore core = SessionCore.withDefaults()) {
            LoadedModel m =
                    core.load(
                            ExportedModels.fixture("tiny_bicubic_095.onnx"), ExecutionProvider.CPU);
            ImageSource ok =
                    ImageSource.file(TestImages.png(dir.resolve("a.png"), 40, 30, 0x884422));
            ImageSource bad = ImageSource.file(Files.writeString(dir.resolve("b.png"), "milk"));
            core.classify(ok, m);
            core.classify(bad, m);
            try (SessionStore store = new SessionStore(sessionFile(), core::results)) {
                store.write(new SessionStore.State(List.of(ok, bad), 0, m.info().file(), "CPU"));
            }
        }
        String json = Files.readString(sessionFile());
        assertThat(json).contains("\"results\"").contains("\"top\"").contains("text file");
    }

    @Test
    void changesAreDebouncedAndWrittenOnTheStoresThread() throws Exception {
        Path png = TestImages.png(dir.resolve("cat.png"), 40, 30, 0x336699);
        try (SessionStore store = new SessionStore(sessionFile(), l -> List.of())) {
            for (int i = 0; i < 100; i++) {
                store.changed(
                        new SessionStore.State(List.of(ImageSource.file(png)), 0, null, null));
            }
            // Written within the debounce, without flush or close.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.exists(sessionFile()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sessionFile()).exists();
            assertThat(new SessionStore(sessionFile(), l -> List.of()).load().state().images())
                    .containsExactly(ImageSource.file(png));
        }
    }

    @Test
    void aCorruptFileIsSetAsideWithAMessageAndAnEmptySessionStarts() throws Exception {
        Files.createDirectories(sessionFile().getParent());
        Files.writeString(sessionFile(), "{\"schema_version\": 1, \"images\": [");

        SessionStore.Loaded loaded = new SessionStore(sessionFile(), l -> List.of()).load();

        assertThat(loaded.state().images()).isEmpty();
        assertThat(loaded.message()).startsWith("The last session was not restored");
        assertThat(sessionFile()).doesNotExist();
        String aside = names(sessionFile().getParent()).get(0);
        assertThat(aside).startsWith("session.json.set-aside-");
        assertThat(loaded.message()).contains(aside);
        assertThat(Files.readString(sessionFile().resolveSibling(aside)))
                .isEqualTo("{\"schema_version\": 1, \"images\": [");
    }

    @Test
    void aFileFromANewerVersionIsSetAsideNotRead() throws Exception {
        Files.createDirectories(sessionFile().getParent());
        Files.writeString(
                sessionFile(),
                "{\"schema_version\": 2, \"images\": [{\"kind\": \"file\", \"path\": \"/x.png\"}]}");

        SessionStore.Loaded loaded = new SessionStore(sessionFile(), l -> List.of()).load();

        assertThat(loaded.state().images()).isEmpty();
        assertThat(loaded.message()).contains("newer version").contains("session schema 2");
        assertThat(names(sessionFile().getParent()))
                .singleElement()
                .asString()
                .startsWith("session.json.set-aside-");
    }

    @Test
    void aFileThatIsNotASessionAndAMissingFileNeverThrow() throws Exception {
        SessionStore store = new SessionStore(sessionFile(), l -> List.of());
        assertThat(store.load().state()).isEqualTo(SessionStore.State.EMPTY);
        assertThat(store.load().message()).isNull();
        Files.createDirectories(sessionFile().getParent());
        Files.writeString(sessionFile(), "[1, 2, 3]");
        assertThat(store.load().message()).contains("not a session file");
    }

    @Test
    void pastedImagesWhoseSavedCopyIsGoneAreLeftOutAndCounted() throws Exception {
        Path png = TestImages.png(dir.resolve("cat.png"), 40, 30, 0x336699);
        ImageSource pasted = ImageSource.bytes(Files.readAllBytes(png), "pasted-1.png");
        try (SessionStore store = new SessionStore(sessionFile(), l -> List.of())) {
            store.write(
                    new SessionStore.State(List.of(ImageSource.file(png), pasted), 1, null, null));
        }
        try (Stream<Path> blobs = Files.list(sessionFile().resolveSibling("session-images"))) {
            for (Path b : blobs.toList()) {
                Files.delete(b);
            }
        }
        SessionStore.Loaded loaded = new SessionStore(sessionFile(), l -> List.of()).load();
        assertThat(loaded.state().images()).containsExactly(ImageSource.file(png));
        assertThat(loaded.state().current()).isEqualTo(0);
        assertThat(loaded.message())
                .startsWith("1 image of the last session could not be restored");
    }

    @Test
    void aFailedWriteLeavesThePreviousFileWholeAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("out/results.json");
        AtomicFiles.writeString(target, "old and whole");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            out.write("half of the new".getBytes());
                                            throw new IOException("disk full");
                                        }))
                .hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old and whole");
        assertThat(names(target.getParent())).containsExactly("results.json");
    }
}
