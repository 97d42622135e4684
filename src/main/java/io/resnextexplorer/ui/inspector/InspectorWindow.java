package io.resnextexplorer.ui.inspector;

import io.resnextexplorer.model.CardFigures;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Opens the inspector in its own window (from the model card's "Inspect…" or a menu item). */
public final class InspectorWindow {
    /** Initial size of the window, in pixels. */
    static final double WIDTH = 1280;

    static final double HEIGHT = 820;

    private InspectorWindow() {}

    /**
     * Opens a window titled "Inspector — file name" and starts inspecting the file. Call on the FX
     * thread.
     *
     * @param owner the window it belongs to (closed and minimised with it), or null
     * @param vm the view model to show; {@link InspectorViewModel#inspect} is called on it
     * @param file the .onnx file
     * @param card the model's published card figures, or null when unknown
     * @return the stage, already showing
     */
    public static Stage show(Window owner, InspectorViewModel vm, Path file, CardFigures card) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.titleProperty().bind(vm.titleProperty());
        Scene scene = new Scene(new InspectorView(vm), WIDTH, HEIGHT);
        // Esc or Ctrl+W closes the inspector, as people expect of a secondary window.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::close);
        scene.getAccelerators()
                .put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::close);
        stage.setScene(scene);
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        vm.inspect(file, card);
        stage.show();
        return stage;
    }
}
