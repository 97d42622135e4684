package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.predictions.PredictionRow;
import io.resnextexplorer.ui.session.SessionImage;
import io.resnextexplorer.ui.session.StripOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The stumbles of issue 14, each as a new user meets them, on the real window and session core with
 * the committed tiny fixtures: what a model switch shows while the new model loads, the Models
 * menu, small windows, missing entries, paste of a path, the inspector's keys, more classes, the
 * model's exact input and the strip's order.
 */
@ExtendWith(ApplicationExtension.class)
class NewUserWindowTest {
    static final String BICUBIC = ExplorerWindowTest.BICUBIC;
    static final String BILINEAR = ExplorerWindowTest.BILINEAR;
    static final String PLAIN = ExplorerWindowTest.PLAIN;

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;
    private Path models;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        models = Files.createDirectories(dir.resolve("models"));
        for (String f : List.of(BICUBIC, BILINEAR, PLAIN)) {
            Files.copy(ExportedModels.fixture(f), models.resolve(f));
        }
        explorer = window.open(stage, models);
    }

    private void dropAndWait(Path img) throws Exception {
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);
    }

    private ModelEntry entry(String id) throws Exception {
        return fx(
                () ->
                        explorer.library().entries().stream()
                                .filter(e -> e.id().equals(id))
                                .findFirst()
                                .orElseThrow());
    }

    /** Item 1: the moment another model is picked, nothing of the previous one is shown. */
    @Test
    void pickingAModelShowsItLoadingAtOnceInsteadOfThePreviousModelsBars(FxRobot robot)
            throws Exception {
        window.modelFromFile(BICUBIC);
        dropAndWait(TestImages.png(dir.resolve("cat.png"), 200, 160, 0x336699));
        ModelEntry bilinear = entry("tiny_bilinear_0875");
        // In the same FX turn as the click: the load runs on a worker and cannot be done yet.
        record Seen(
                int rows,
                String placeholder,
                String cardTitle,
                String cardPlaceholder,
                String top1,
                boolean untrainedBanner) {}
        Seen seen =
                fx(
                        () -> {
                            explorer.library().select(bilinear);
                            return new Seen(
                                    explorer.predictions().rows().size(),
                                    explorer.predictions().placeholderProperty().get(),
                                    explorer.card().titleProperty().get(),
                                    explorer.card().placeholderProperty().get(),
                                    explorer.session().images().get(0).top1(),
                                    explorer.predictions().untrainedProperty().get());
                        });
        assertThat(seen.rows()).as("the previous model's bars are gone").isZero();
        assertThat(seen.placeholder()).isEqualTo("loading tiny_bilinear_0875…");
        assertThat(seen.cardTitle()).as("the card no longer shows the previous model").isEmpty();
        assertThat(seen.cardPlaceholder()).isEqualTo("Loading tiny_bilinear_0875…");
        assertThat(seen.top1()).as("the strip drops the previous model's top-1").isEmpty();
        assertThat(robot.lookup("#predictions-placeholder").queryAs(Label.class).getText())
                .isEqualTo("loading tiny_bilinear_0875…");
        // Then the new model's own bars.
        window.modelFromFile(BILINEAR);
        until(() -> explorer.predictions().rows().size() == 5);
        assertThat(fx(() -> explorer.card().titleProperty().get())).isNotEmpty();
    }

    /** Item 2: ids keep their underscores and the model in use carries the mark. */
    @Test
    void modelsMenuKeepsUnderscoresAndMarksTheActiveModel(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        Menu models =
                fx(
                        () ->
                                bar.getMenus().stream()
                                        .filter(m -> m.getText().equals("_Models"))
                                        .findFirst()
                                        .orElseThrow());
        until(() -> models.getItems().size() == 3);
        List<MenuItem> items = fx(() -> List.copyOf(models.getItems()));
        assertThat(items)
                .extracting(MenuItem::getText)
                .containsExactly("tiny_bicubic_095", "tiny_bilinear_0875", "tiny_plain");
        // With mnemonic parsing on, JavaFX shows "tinybicubic095" (the underscores are eaten).
        assertThat(items).allMatch(i -> !i.isMnemonicParsing());
        assertThat(items).allMatch(RadioMenuItem.class::isInstance);
        until(() -> marked(models).equals("tiny_bicubic_095"));
        window.selectEntry("tiny_plain");
        window.modelFromFile(PLAIN);
        until(() -> marked(models).equals("tiny_plain"));
        assertThat(
                        fx(
                                () ->
                                        models.getItems().stream()
                                                .filter(i -> ((RadioMenuItem) i).isSelected())
                                                .count()))
                .isEqualTo(1);
    }

    private static String marked(Menu models) {
        return models.getItems().stream()
                .filter(i -> i instanceof RadioMenuItem r && r.isSelected())
                .map(MenuItem::getText)
                .findFirst()
                .orElse("");
    }

    /** The text a Label really draws (ellipsized when cut), read from its Text node. */
    private static String drawn(Label l) {
        Text t = (Text) l.lookup(".text");
        return t == null ? "" : t.getText().replace("\n", " ");
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }

    private void resize(double w, double h) throws Exception {
        fx(
                () -> {
                    stage.setWidth(w);
                    stage.setHeight(h);
                    return null;
                });
        until(() -> Math.abs(stage.getScene().getWidth() - w) < 40);
        Thread.sleep(300); // layout passes
        fx(
                () -> {
                    stage.getScene().getRoot().applyCss();
                    stage.getScene().getRoot().layout();
                    return null;
                });
    }

    /** Items 3 and 4: small windows keep image, bars and card readable; the banner wraps. */
    @Test
    void smallAndDefaultWindowsKeepImageBarsAndCardReadable(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        assertThat(stage.getMinWidth()).isBetween(800.0, 960.0);
        assertThat(stage.getMinHeight()).isBetween(520.0, 640.0);
        dropAndWait(TestImages.png(dir.resolve("wide.png"), 640, 400, 0x884422));
        until(() -> explorer.session().pictureProperty().get() != null);
        Label banner = robot.lookup("#untrained-banner").queryAs(Label.class);

        resize(960, 640);
        // The banner wraps instead of being cut off, and shows all of its text.
        assertThat(fx(() -> banner.isVisible())).isTrue();
        assertThat(fx(() -> drawn(banner))).isEqualTo(fx(banner::getText).replace("\n", " "));
        assertThat(fx(() -> inScene(banner).getMaxX())).isLessThanOrEqualTo(962.0);
        // The library folds away; the canvas gets the room.
        assertThat(robot.lookup("#model-library").tryQuery()).isEmpty();
        Node canvas = robot.lookup("#canvas").query();
        assertThat(fx(() -> canvas.getLayoutBounds().getWidth())).isGreaterThan(500.0);
        assertThat(fx(() -> canvas.getLayoutBounds().getHeight())).isGreaterThan(250.0);
        percentagesInFull(robot, 960);

        resize(1280, 800);
        assertThat(robot.lookup("#model-library").tryQuery()).isPresent();
        percentagesInFull(robot, 1280);
        // Item 4: the card's parameters and MACs are in view without scrolling...
        ScrollPane cardScroll = robot.lookup("#card-scroll").queryAs(ScrollPane.class);
        for (String name : List.of("Parameters", "MACs (measured)")) {
            Label l =
                    robot.lookup(".card-name").queryAllAs(Label.class).stream()
                            .filter(x -> x.getText().equals(name))
                            .findFirst()
                            .orElseThrow();
            assertThat(fx(() -> inScene(l).getMaxY()))
                    .as(name + " above the fold")
                    .isLessThan(fx(() -> inScene(cardScroll).getMaxY()));
        }
        // ...and scrolling the card to its end leaves the top-1 bar where it was.
        Node top1 = robot.lookup(".prediction-row.top").query();
        double before = fx(() -> inScene(top1).getMinY());
        fx(
                () -> {
                    cardScroll.setVvalue(1.0);
                    return null;
                });
        dropAndWait(TestImages.png(dir.resolve("next.png"), 300, 300, 0x228844));
        // The new bars are fresh nodes: wait for their first layout pass, then compare.
        until(
                () -> {
                    Node now = robot.lookup(".prediction-row.top").tryQuery().orElse(null);
                    return explorer.session().currentProperty().get().name().equals("next.png")
                            && explorer.predictions().rows().size() == 5
                            && now != null
                            && now != top1
                            && now.getLayoutBounds().getHeight() > 0
                            && inScene(now).getMinY() > 0;
                });
        Node top1Now = robot.lookup(".prediction-row.top").query();
        assertThat(fx(() -> inScene(top1Now).getMinY())).isEqualTo(before);
        assertThat(fx(() -> inScene(top1Now).getMinY())).isBetween(0.0, 800.0);
    }

    private void percentagesInFull(FxRobot robot, double width) throws Exception {
        List<Label> pcts =
                fx(
                        () ->
                                robot
                                        .lookup("#prediction-bars")
                                        .lookup(".prediction-percent")
                                        .queryAllAs(Label.class)
                                        .stream()
                                        .toList());
        assertThat(pcts).hasSize(5);
        for (Label p : pcts) {
            assertThat(fx(() -> drawn(p))).isEqualTo(fx(p::getText));
            assertThat(fx(() -> inScene(p).getMaxX())).isLessThanOrEqualTo(width);
        }
    }

    /** Item 8: a missing entry cannot take the highlight from the model in use. */
    @Test
    void clickingAMissingEntryKeepsTheListOnTheActiveModel(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        @SuppressWarnings("unchecked")
        ListView<ModelEntry> list = robot.lookup("#model-list").queryAs(ListView.class);
        until(() -> list.getSelectionModel().getSelectedItem() != null);
        robot.clickOn("resnext101_32x8d");
        until(
                () ->
                        list.getSelectionModel().getSelectedItem() != null
                                && list.getSelectionModel()
                                        .getSelectedItem()
                                        .id()
                                        .equals("tiny_bicubic_095"));
        Thread.sleep(200);
        assertThat(fx(() -> list.getSelectionModel().getSelectedItem().id()))
                .isEqualTo("tiny_bicubic_095");
        assertThat(fx(() -> explorer.library().selectedProperty().get().id()))
                .isEqualTo("tiny_bicubic_095");
        assertThat(fx(() -> explorer.session().modelProperty().get().info().file()))
                .isEqualTo(models.resolve(BICUBIC).toAbsolutePath().normalize());
        assertThat(fx(() -> explorer.shell().noticeProperty().get()))
                .contains("resnext101_32x8d is not exported yet");
        // The card names the model in use, never "pick a model" while one is picked.
        assertThat(fx(() -> explorer.card().placeholderProperty().get())).isEmpty();
        assertThat(fx(() -> explorer.card().titleProperty().get())).isNotEmpty();
    }

    /** Item 10: a path copied as text (a terminal, a file manager) pastes like a file. */
    @Test
    void pastingAPlainTextPathOrAFileUriAddsTheImage(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        Path a = TestImages.png(dir.resolve("from text.png"), 60, 60, 0x445566);
        Path b = TestImages.png(dir.resolve("from-uri.png"), 60, 60, 0x665544);
        Path c = TestImages.png(dir.resolve("raw uri.png"), 60, 60, 0x556644);
        putText(a.toString());
        robot.clickOn("#canvas");
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        until(() -> explorer.session().images().size() == 1);
        putText(b.toUri().toString());
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        until(() -> explorer.session().images().size() == 2);
        // Unescaped spaces, as some file managers copy them.
        putText("file://" + c);
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        until(() -> explorer.session().images().size() == 3);
        assertThat(fx(() -> explorer.session().images().stream().map(SessionImage::name).toList()))
                .containsExactly("from text.png", "from-uri.png", "raw uri.png");
        until(
                () ->
                        explorer.session().images().stream()
                                .allMatch(i -> i.status() == SessionImage.Status.DONE));
        // Text that names no file is still refused with a message.
        putText("just some words");
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        until(() -> explorer.shell().noticeProperty().get().contains("clipboard holds no image"));
        assertThat(fx(() -> explorer.session().images().size())).isEqualTo(3);
    }

    private static void putText(String text) throws Exception {
        fx(
                () -> {
                    ClipboardContent content = new ClipboardContent();
                    content.putString(text);
                    return javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                });
    }

    /** Item 11: Esc and Ctrl+W close the inspector. */
    @Test
    void escapeAndCtrlWCloseTheInspector(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        for (KeyCode[] keys :
                List.of(
                        new KeyCode[] {KeyCode.ESCAPE},
                        new KeyCode[] {KeyCode.CONTROL, KeyCode.W})) {
            fx(
                    () -> {
                        explorer.view().inspectCurrentModel();
                        return null;
                    });
            until(() -> inspector() != null);
            Window w = fx(NewUserWindowTest::inspector);
            fx(
                    () -> {
                        w.requestFocus();
                        return null;
                    });
            robot.targetWindow(w);
            robot.press(keys).release(keys);
            until(() -> inspector() == null);
        }
        // The stale toast wording: one ellipsis, no double period.
        window.selectEntry("tiny_plain");
        window.modelFromFile(PLAIN);
    }

    private static Window inspector() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && s.getTitle() != null)
                .filter(w -> ((Stage) w).getTitle().startsWith("Inspector"))
                .filter(Window::isShowing)
                .findFirst()
                .orElse(null);
    }

    /** Item 12: top-k beyond 5 and a class by name, both as the service ranks them. */
    @Test
    void moreClassesAndAClassFoundByNameMatchTheServicesRanking() throws Exception {
        window.modelFromFile(BICUBIC);
        Path img = TestImages.png(dir.resolve("dog.png"), 180, 140, 0x996633);
        dropAndWait(img);
        List<Prediction> all;
        RgbImage input;
        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(models.resolve(BICUBIC), ExecutionProvider.CPU)) {
            var decoded = service.decode(img);
            all = service.classify(m, decoded.image(), 1000, false).top();
            input = service.modelInput(m, decoded.image());
        }
        fx(
                () -> {
                    explorer.predictions().topKProperty().set(10);
                    return null;
                });
        until(() -> explorer.predictions().moreRows().size() == 5);
        List<PredictionRow> more = fx(() -> List.copyOf(explorer.predictions().moreRows()));
        for (int i = 0; i < 5; i++) {
            assertThat(more.get(i).rank()).isEqualTo(6 + i);
            assertThat(more.get(i).index()).isEqualTo(all.get(5 + i).index());
            assertThat(more.get(i).probability()).isEqualTo(all.get(5 + i).probability());
        }
        // The class ranked last, found by (part of) its name, with its rank and probability.
        Prediction last = all.get(all.size() - 1);
        fx(
                () -> {
                    explorer.predictions().queryProperty().set(last.label());
                    return null;
                });
        until(
                () ->
                        explorer.predictions().matches().stream()
                                .anyMatch(r -> r.index() == last.index()));
        PredictionRow found =
                fx(
                        () ->
                                explorer.predictions().matches().stream()
                                        .filter(r -> r.index() == last.index())
                                        .findFirst()
                                        .orElseThrow());
        assertThat(found.rank()).isEqualTo(all.size());
        assertThat(found.probability()).isEqualTo(last.probability());
        // The exact model input: resized and cropped by the model's preprocessing, 8-bit.
        fx(
                () -> {
                    explorer.session().showInputProperty().set(true);
                    return null;
                });
        until(() -> explorer.session().inputPictureProperty().get() != null);
        Image shown = fx(() -> explorer.session().inputPictureProperty().get());
        assertThat((int) shown.getWidth()).isEqualTo(input.width());
        assertThat((int) shown.getHeight()).isEqualTo(input.height());
        for (int[] xy : new int[][] {{0, 0}, {input.width() / 2, input.height() / 3}}) {
            int argb = fx(() -> shown.getPixelReader().getArgb(xy[0], xy[1]));
            assertThat((argb >> 16) & 0xFF).isEqualTo(input.get(xy[0], xy[1], 0));
            assertThat((argb >> 8) & 0xFF).isEqualTo(input.get(xy[0], xy[1], 1));
            assertThat(argb & 0xFF).isEqualTo(input.get(xy[0], xy[1], 2));
        }
        // What the canvas draws: the same pixels, each repeated k x k (hard edges).
        Image big = fx(() -> explorer.session().inputDisplayProperty().get());
        int k = (int) big.getWidth() / input.width();
        assertThat(k).isGreaterThan(1);
        assertThat((int) big.getHeight()).isEqualTo(k * input.height());
        int x = input.width() / 2;
        int y = input.height() / 3;
        int[] corners = {
            fx(() -> big.getPixelReader().getArgb(k * x, k * y)),
            fx(() -> big.getPixelReader().getArgb(k * x + k - 1, k * y + k - 1))
        };
        for (int argb : corners) {
            assertThat((argb >> 16) & 0xFF).isEqualTo(input.get(x, y, 0));
            assertThat(argb & 0xFF).isEqualTo(input.get(x, y, 2));
        }
    }

    /** Item 12: the strip sorts by confidence and shows errors only on request. */
    @Test
    void theStripSortsByConfidenceAndFiltersErrors() throws Exception {
        window.modelFromFile(BICUBIC);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(TestImages.png(dir.resolve("s" + i + ".png"), 80, 80, 0x1F3F5F * (i + 1)));
        }
        files.add(Files.writeString(dir.resolve("notes.png"), "not an image"));
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        until(
                () ->
                        explorer.session().images().size() == 6
                                && explorer.session().images().stream()
                                        .allMatch(
                                                i ->
                                                        i.status() == SessionImage.Status.DONE
                                                                || i.status()
                                                                        == SessionImage.Status
                                                                                .ERROR));
        fx(
                () -> {
                    explorer.session()
                            .strip()
                            .orderProperty()
                            .set(StripOrder.Order.CONFIDENCE_HIGH);
                    return null;
                });
        List<Double> p =
                fx(
                        () ->
                                explorer.session().visibleImages().stream()
                                        .map(SessionImage::top1Probability)
                                        .toList());
        assertThat(p.subList(0, 5)).isSortedAccordingTo((x, y) -> Double.compare(y, x));
        assertThat(p.get(5)).isNaN(); // the failed image has no confidence: last
        fx(
                () -> {
                    explorer.session().strip().filterProperty().set(StripOrder.Filter.ERRORS);
                    return null;
                });
        assertThat(
                        fx(
                                () ->
                                        explorer.session().visibleImages().stream()
                                                .map(SessionImage::name)
                                                .toList()))
                .containsExactly("notes.png");
        // The session's own order (exports) is untouched.
        assertThat(fx(() -> explorer.session().images().get(0).name())).isEqualTo("s0.png");
    }
}
