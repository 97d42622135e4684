package io.resnextexplorer.ui.compare;

import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Opens the compare view in its own window (View > Compare Models…). */
public final class CompareWindow {
    static final double WIDTH = 1280;
    static final double HEIGHT = 860;

    private CompareWindow() {}

    /** Opens the window; call on the FX thread. */
    public static Stage show(Window owner, CompareViewModel vm) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle("Compare models");
        stage.setScene(new Scene(new CompareView(vm), WIDTH, HEIGHT));
        stage.setMinWidth(800);
        stage.setMinHeight(520);
        stage.show();
        return stage;
    }
}
