package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.untilSlow;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import io.resnextexplorer.ui.session.SessionImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * A launch with images on the command line, as in issue 14 items 7 and 8: the images arrive while
 * the first model is still loading. Everything the window says from its first frame is recorded:
 * the progress must say its phase and only move forward, no image may say "classifying" before a
 * model runs, and the card must not ask to pick a model while one is being loaded.
 */
@ExtendWith(ApplicationExtension.class)
class LaunchProgressWindowTest {
    private static final Pattern COUNT = Pattern.compile("(\\d+) / (\\d+)");

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final List<String> captions = Collections.synchronizedList(new ArrayList<>());
    private final List<String> card = Collections.synchronizedList(new ArrayList<>());

    @Start
    void start(Stage stage) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.copy(
                ExportedModels.fixture(ExplorerWindowTest.BICUBIC),
                models.resolve(ExplorerWindowTest.BICUBIC));
        List<Path> images = new ArrayList<>();
        // Large enough that decoding takes a while, so a batch started without the model would
        // make progress before the model is in.
        for (int i = 0; i < 4; i++) {
            images.add(
                    TestImages.png(
                            dir.resolve("launch" + i + ".png"), 1800, 1200, 0x203040 * (i + 1)));
        }
        explorer = window.open(stage, models, images, UnaryOperator.identity());
        // Still inside the first FX turn: nothing has run yet, so every change is seen.
        Label text = (Label) explorer.view().lookup("#batch-progress");
        record(progress, text.getText());
        text.textProperty().addListener((o, a, b) -> record(progress, b));
        Label none = (Label) explorer.view().lookup("#card-placeholder");
        record(card, none == null || !none.isVisible() ? "" : none.getText());
        if (none != null) {
            none.textProperty().addListener((o, a, b) -> record(card, b));
        }
        explorer.session()
                .images()
                .addListener(
                        (javafx.collections.ListChangeListener<SessionImage>)
                                c -> {
                                    boolean modelIn =
                                            explorer.session().modelProperty().get() != null
                                                    && explorer.session()
                                                            .loadingModelProperty()
                                                            .get()
                                                            .isEmpty();
                                    for (SessionImage img : explorer.session().images()) {
                                        if (!modelIn
                                                && img.status() == SessionImage.Status.WORKING) {
                                            captions.add(img.name() + " classifying, no model");
                                        }
                                    }
                                });
    }

    private static void record(List<String> log, String s) {
        if (log.isEmpty() || !log.get(log.size() - 1).equals(s)) {
            log.add(s);
        }
    }

    @Test
    void progressAtLaunchSaysItsPhaseAndOnlyMovesForward(FxRobot robot) throws Exception {
        untilSlow(
                () ->
                        explorer.session().images().size() == 4
                                && explorer.session().images().stream()
                                        .allMatch(i -> i.status() == SessionImage.Status.DONE)
                                && !explorer.session().batch().runningProperty().get());
        List<String> seen = List.copyOf(progress);
        assertThat(seen).as("the model's loading is said").anyMatch(s -> s.startsWith("loading"));
        assertThat(seen).anyMatch(s -> s.startsWith("classifying"));
        // Phases only move forward: loading, (reading), classifying; counts never go back.
        int lastPhase = -1;
        int lastDone = -1;
        int lastTotal = -1;
        for (String s : seen) {
            if (s.isEmpty()) {
                continue; // idle between phases
            }
            int phase =
                    s.startsWith("loading")
                            ? 0
                            : s.startsWith("reading") ? 1 : s.startsWith("classifying") ? 2 : 3;
            assertThat(phase).as("a phase is named: '%s' in %s", s, seen).isLessThan(3);
            assertThat(phase).as("phases move forward: %s", seen).isGreaterThanOrEqualTo(lastPhase);
            Matcher m = COUNT.matcher(s);
            if (m.find()) {
                int done = Integer.parseInt(m.group(1));
                int total = Integer.parseInt(m.group(2));
                if (phase == lastPhase) {
                    assertThat(done)
                            .as("progress never goes back: %s", seen)
                            .isGreaterThanOrEqualTo(lastDone);
                    assertThat(total).isGreaterThanOrEqualTo(lastTotal);
                }
                lastDone = done;
                lastTotal = total;
            } else {
                lastDone = -1;
                lastTotal = -1;
            }
            lastPhase = phase;
        }
        assertThat(captions).as("no image said 'classifying' before a model ran").isEmpty();
        // Item 8: the first-run card never asked to pick a model while one was being loaded.
        assertThat(card).noneMatch(s -> s.startsWith("Pick a model"));
        assertThat(card).anyMatch(s -> s.startsWith("Loading"));
        assertThat(fx(() -> explorer.card().titleProperty().get())).isNotEmpty();
    }
}
