package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static io.resnextexplorer.app.ExplorerWindowFixture.untilSlow;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.SessionStore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.HostileModels;
import io.resnextexplorer.testing.TestImages;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.session.SessionImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Hostile inputs and faults in the real window (headless), on the real backend: each bad image, URL
 * or model gets its sentence where the user looks, and the rest keeps working; the library follows
 * its folder; a big drop, a model switch mid-batch and closing during inference lose nothing.
 */
@ExtendWith(ApplicationExtension.class)
class HostileInputsWindowTest {
    static final String BICUBIC = "tiny_bicubic_095.onnx";
    static final String BILINEAR = "tiny_bilinear_0875.onnx";

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;
    private Path models;

    @Start
    void start(Stage stage) throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        for (String f : List.of(BICUBIC, BILINEAR)) {
            Files.copy(ExportedModels.fixture(f), models.resolve(f));
        }
        for (String kind : List.of("nan", "gray", "labels_mismatch")) {
            HostileModels.write(models, kind);
        }
        explorer = window.open(stage, models);
    }

    /** The hostile models sort before the fixtures, so the window may start on one of them. */
    private void useBicubic() throws Exception {
        until(() -> explorer.library().scannedProperty().get());
        window.selectEntry("tiny_bicubic_095");
        window.modelFromFile(BICUBIC);
    }

    private SessionImage image(int i) throws Exception {
        return fx(() -> explorer.session().images().get(i));
    }

    private void drop(List<Path> files) throws Exception {
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
    }

    private boolean allSettled() {
        return !explorer.session().batch().runningProperty().get()
                && explorer.session().images().stream()
                        .noneMatch(
                                i ->
                                        i.status() == SessionImage.Status.PENDING
                                                || i.status() == SessionImage.Status.WORKING);
    }

    @Test
    void badItemsOfOneDropEachSayWhyInPlainWordsAndTheGoodOneIsClassified(FxRobot robot)
            throws Exception {
        useBicubic();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        try {
            Path deleted = TestImages.png(dir.resolve("deleted.png"), 40, 30, 0x112233);
            Files.delete(deleted); // gone by the time the window decodes it
            Path text = Files.writeString(dir.resolve("notes.jpg"), "milk, eggs\n");
            Path good = TestImages.png(dir.resolve("good.png"), 80, 60, 0x884422);
            drop(List.of(deleted, text, good));
            String missing = "http://127.0.0.1:" + server.getAddress().getPort() + "/gone.png";
            fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofUrl(missing)));
            until(() -> explorer.session().images().size() == 4);
            untilSlow(this::allSettled);

            assertThat(image(0).status()).isEqualTo(SessionImage.Status.ERROR);
            assertThat(image(0).error()).isEqualTo("The file '" + deleted + "' does not exist.");
            assertThat(image(1).error()).contains("not an image: it looks like a text file");
            assertThat(image(2).status()).isEqualTo(SessionImage.Status.DONE);
            assertThat(image(3).error()).isEqualTo("could not download 127.0.0.1: HTTP 404");
            assertThat(fx(() -> explorer.shell().statusProperty().get())).contains("3 errors");
            // The message is on the canvas where the user looks, for the image shown.
            fx(
                    () -> {
                        explorer.session().select(0);
                        return null;
                    });
            until(() -> explorer.session().errorProperty().get().contains("does not exist"));
            Label error = robot.lookup("#canvas-error").queryAs(Label.class);
            assertThat(fx(error::getText)).contains("does not exist");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aModelThatProducesNanSaysSoAndShowsNoBars(FxRobot robot) throws Exception {
        useBicubic();
        drop(List.of(TestImages.png(dir.resolve("cat.png"), 80, 60, 0x336699)));
        until(() -> explorer.predictions().rows().size() == 5);
        window.selectEntry("nan");
        window.modelFromFile("nan.onnx");
        until(() -> explorer.session().errorProperty().get().equals("the model produced NaN"));
        assertThat(fx(() -> explorer.predictions().rows())).isEmpty();
        Label error = robot.lookup("#canvas-error").queryAs(Label.class);
        assertThat(fx(error::getText)).isEqualTo("the model produced NaN");
        assertThat(image(0).error()).isEqualTo("the model produced NaN");
        // Another model works again on the same image.
        window.selectEntry("tiny_bilinear_0875");
        window.modelFromFile(BILINEAR);
        until(() -> explorer.predictions().rows().size() == 5);
    }

    @Test
    void modelsThatCannotClassifySayWhyInTheLibraryAndTheOthersStillWork(FxRobot robot)
            throws Exception {
        useBicubic();
        Label error = robot.lookup("#model-error").queryAs(Label.class);
        window.selectEntry("gray");
        until(() -> explorer.library().loadErrorProperty().get().contains("1 channels"));
        assertThat(fx(error::getText)).contains("not an RGB image classifier");
        assertThat(fx(error::isVisible)).isTrue();
        window.selectEntry("labels_mismatch");
        until(() -> explorer.library().loadErrorProperty().get().contains("found 11 entries"));
        window.selectEntry("tiny_bilinear_0875");
        window.modelFromFile(BILINEAR);
        until(() -> explorer.library().loadErrorProperty().get().isEmpty());
    }

    @Test
    void theLibraryFollowsItsFolderWithoutARestart() throws Exception {
        useBicubic();
        Path swap = Files.copy(models.resolve(BICUBIC), models.resolve("swap.onnx"));
        untilSlow(() -> entry("swap") != null);
        window.selectEntry("swap");
        window.modelFromFile("swap.onnx");
        Path img = TestImages.png(dir.resolve("bird.png"), 90, 90, 0x55AA55);
        drop(List.of(img));
        until(() -> explorer.predictions().rows().size() == 5);
        LoadedModel before = fx(() -> explorer.session().modelProperty().get());
        String bicubicTop = fx(() -> explorer.predictions().rows().get(0).percent());

        // Rewritten in place (another model under the same name): reloaded, re-run.
        Path tmp = dir.resolve("swap.part");
        Files.copy(models.resolve(BILINEAR), tmp);
        Files.move(tmp, swap, StandardCopyOption.REPLACE_EXISTING);
        untilSlow(
                () -> {
                    LoadedModel now = explorer.session().modelProperty().get();
                    return now != null
                            && now != before
                            && now.info().file().equals(swap.toAbsolutePath().normalize())
                            && explorer.predictions().rows().size() == 5;
                });
        var expectedRows = ExplorerWindowTest.expected(models.resolve(BILINEAR), img).top();
        until(
                () ->
                        explorer.predictions().rows().size() == 5
                                && explorer.predictions().rows().get(0).probability()
                                        == expectedRows.get(0).probability());
        assertThat(bicubicTop).isNotNull();

        // Deleted: gone from the list, and another entry is selected (here the first listed,
        // which is one of the hostile models: it may fail to load, with its message).
        Files.delete(swap);
        untilSlow(() -> entry("swap") == null);
        untilSlow(
                () ->
                        explorer.library().selectedProperty().get() != null
                                && !explorer.library()
                                        .selectedProperty()
                                        .get()
                                        .id()
                                        .equals("swap"));

        // A new file appears: listed.
        HostileModels.write(models, "ten");
        untilSlow(() -> entry("ten") != null);
    }

    private ModelEntry entry(String id) {
        return explorer.library().entries().stream()
                .filter(e -> e.id().equals(id) && e.present())
                .findFirst()
                .orElse(null);
    }

    @Test
    void aThousandFilesDroppedAtOnceAreAllClassifiedAndSaved() throws Exception {
        useBicubic();
        Path root = Files.createDirectories(dir.resolve("photos"));
        byte[] png = Files.readAllBytes(TestImages.png(dir.resolve("seed.png"), 32, 24, 0x808080));
        for (int i = 0; i < 1000; i++) {
            Path sub = Files.createDirectories(root.resolve("d" + (i % 10)));
            Files.write(sub.resolve(String.format("img%04d.png", i)), png);
        }
        Files.createSymbolicLink(root.resolve("d3/back-to-top"), root);
        drop(List.of(root));
        untilSlow(() -> explorer.session().images().size() == 1000);
        untilSlow(this::allSettled);
        long done =
                fx(
                        () ->
                                explorer.session().images().stream()
                                        .filter(i -> i.status() == SessionImage.Status.DONE)
                                        .count());
        assertThat(done).isEqualTo(1000);
        // The session file lists all of them (saved as it changed, not at exit).
        Path saved = window.home().resolve("session.json");
        untilSlow(
                () ->
                        new SessionStore(saved, l -> List.of()).load().state().images().size()
                                == 1000);
    }

    @Test
    void switchingModelMidBatchFinishesEveryImageWithTheNewModel() throws Exception {
        useBicubic();
        List<Path> files = new ArrayList<>();
        Path big = TestImages.png(dir.resolve("m0.png"), 1600, 1200, 0x030303);
        files.add(big);
        for (int i = 1; i < 20; i++) {
            files.add(TestImages.png(dir.resolve("m" + i + ".png"), 1600, 1200, 0x050505 * i));
        }
        drop(files);
        until(() -> explorer.session().batch().doneProperty().get() >= 2);
        window.selectEntry("tiny_bilinear_0875");
        window.modelFromFile(BILINEAR);
        untilSlow(this::allSettled);
        LoadedModel m = fx(() -> explorer.session().modelProperty().get());
        ModelKey key = m.key();
        for (Path f : files) {
            assertThat(window.core().cached(ImageSource.file(f), key))
                    .as(f.getFileName().toString())
                    .isNotNull();
        }
        assertThat(fx(() -> explorer.session().images().stream().map(SessionImage::status)))
                .containsOnly(SessionImage.Status.DONE);
    }

    @Test
    void closingTheWindowDuringInferenceCrashesNothingAndKeepsTheSession() throws Exception {
        useBicubic();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            files.add(TestImages.png(dir.resolve("c" + i + ".png"), 1600, 1200, 0x070707 * i));
        }
        drop(files);
        until(() -> explorer.session().batch().doneProperty().get() >= 1);
        // The app's own close order, while the batch still runs: the JVM survives (no native
        // session closed under a running inference) and the session file has every image.
        ExplorerWindowFixture.closeLikeTheApp(explorer, window.executor(), window.core());
        SessionStore.Loaded saved =
                new SessionStore(window.home().resolve("session.json"), l -> List.of()).load();
        assertThat(saved.state().images())
                .containsExactlyElementsOf(files.stream().map(ImageSource::file).toList());
        assertThat(saved.state().model()).isEqualTo(models.resolve(BICUBIC).toAbsolutePath());
        assertThat(Map.of("ok", true)).isNotEmpty();
    }
}
