package io.resnextexplorer.ui.heatmap;

import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.HeatmapMethod;
import java.io.File;
import java.nio.file.Path;
import java.util.Objects;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The heatmap view: the current picture with the map laid over the model's crop (or beside it), the
 * controls (method, colormap, opacity, overlay or side by side, class search, save), a legend with
 * the value range, the CAM sanity figure and a help text. Binds to {@link HeatmapViewModel} only;
 * opacity changes are the ImageView's, so they need no recompute.
 */
public final class HeatmapView extends VBox {
    public static final String STYLE_CLASS = "heatmap-view";

    private final HeatmapViewModel vm;
    private final ImageView picture = new ImageView();
    private final ImageView overlay = new ImageView();
    private final ImageView beside = new ImageView();
    private final Rectangle besideBack = new Rectangle();
    private final Rectangle outline = new Rectangle();

    /** The picture outside the crop, dimmed: the whole picture minus the crop (even-odd). */
    private final javafx.scene.shape.Path dim = new javafx.scene.shape.Path();

    private final Pane stage =
            new Pane() {
                @Override
                protected void layoutChildren() {
                    layoutPicture(getWidth(), getHeight());
                }
            };

    public HeatmapView(HeatmapViewModel vm) {
        this.vm = vm;
        setId("heatmap-view");
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("heatmap.css"))
                                .toExternalForm());
        setSpacing(8);

        picture.setPreserveRatio(false);
        picture.setSmooth(true);
        picture.imageProperty().bind(vm.pictureProperty());
        overlay.setId("heatmap-overlay");
        overlay.setSmooth(true);
        overlay.imageProperty().bind(vm.mapImageProperty());
        overlay.opacityProperty().bind(vm.opacityProperty());
        overlay.setMouseTransparent(true);
        beside.setId("heatmap-beside");
        beside.setSmooth(true);
        beside.imageProperty().bind(vm.mapImageProperty());
        besideBack.getStyleClass().add("beside-back");
        outline.getStyleClass().add("heatmap-crop");
        outline.setMouseTransparent(true);
        dim.setMouseTransparent(true);
        dim.setFillRule(javafx.scene.shape.FillRule.EVEN_ODD);
        dim.getStyleClass().add("outside-crop");
        stage.getChildren().addAll(picture, dim, overlay, outline, besideBack, beside);
        stage.setMinSize(0, 0);
        VBox.setVgrow(stage, Priority.ALWAYS);
        stage.getStyleClass().add("heatmap-stage");
        for (var p :
                new javafx.beans.Observable[] {
                    vm.pictureProperty(),
                    vm.cropProperty(),
                    vm.sideBySideProperty(),
                    vm.mapImageProperty()
                }) {
            p.addListener(o -> stage.requestLayout());
        }

        Label title = new Label();
        title.setId("heatmap-title");
        title.getStyleClass().add("heatmap-title");
        title.textProperty().bind(vm.titleProperty());
        title.setMinWidth(0);
        title.setWrapText(true);
        Label untrained = new Label("untrained weights");
        untrained.setId("heatmap-untrained");
        untrained.getStyleClass().add("heatmap-untrained");
        untrained.visibleProperty().bind(vm.untrainedProperty());
        untrained.managedProperty().bind(untrained.visibleProperty());
        untrained.setMinWidth(Region.USE_PREF_SIZE);
        untrained.setTooltip(
                new Tooltip(
                        "Random-init weights: the map shows untrained features,"
                                + " not learned evidence"));
        HBox titleRow = new HBox(10, title, untrained);
        titleRow.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("heatmap-message");
        message.getStyleClass().add("heatmap-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        Label help = new Label(HeatmapViewModel.HELP);
        help.setId("heatmap-help");
        help.getStyleClass().add("heatmap-help");
        help.setWrapText(true);
        ToggleButton helpButton = new ToggleButton("?");
        helpButton.setId("heatmap-help-toggle");
        helpButton.setTooltip(new Tooltip("What the methods compute"));
        help.visibleProperty().bind(helpButton.selectedProperty());
        help.managedProperty().bind(help.visibleProperty());

        Label sanity = new Label();
        sanity.setId("heatmap-sanity");
        sanity.getStyleClass().add("heatmap-sanity");
        sanity.textProperty().bind(vm.sanityProperty());
        sanity.visibleProperty().bind(vm.sanityProperty().isNotEmpty());
        sanity.managedProperty().bind(sanity.visibleProperty());
        sanity.setTooltip(
                new Tooltip("For a pooled linear head: mean(CAM before ReLU) = y_c − b_c"));

        getChildren()
                .addAll(controls(helpButton), titleRow, stage, legend(), sanity, message, help);
    }

    private FlowPane controls(ToggleButton helpButton) {
        ChoiceBox<HeatmapMethod> method = new ChoiceBox<>(vm.methods());
        method.setId("heatmap-method");
        method.valueProperty().bindBidirectional(vm.methodProperty());
        method.setConverter(
                new StringConverter<>() {
                    @Override
                    public String toString(HeatmapMethod m) {
                        return m == null ? "" : m.title();
                    }

                    @Override
                    public HeatmapMethod fromString(String s) {
                        return HeatmapMethod.parse(s);
                    }
                });
        ChoiceBox<Colormap> colormap =
                new ChoiceBox<>(
                        javafx.collections.FXCollections.observableArrayList(Colormap.values()));
        colormap.setId("heatmap-colormap");
        colormap.setPrefWidth(110);
        colormap.valueProperty().bindBidirectional(vm.colormapProperty());
        colormap.setConverter(
                new StringConverter<>() {
                    @Override
                    public String toString(Colormap c) {
                        return c == null ? "" : c.id();
                    }

                    @Override
                    public Colormap fromString(String s) {
                        return Colormap.parse(s);
                    }
                });
        Slider opacity = new Slider(0, 1, 0.5);
        opacity.setId("heatmap-opacity");
        opacity.valueProperty().bindBidirectional(vm.opacityProperty());
        opacity.setPrefWidth(110);
        opacity.setTooltip(new Tooltip("Opacity of the heatmap over the picture"));
        opacity.disableProperty().bind(vm.sideBySideProperty());
        ToggleGroup layout = new ToggleGroup();
        ToggleButton over = new ToggleButton("Overlay");
        over.setId("heatmap-overlay-mode");
        ToggleButton side = new ToggleButton("Side by side");
        side.setId("heatmap-side-mode");
        over.setToggleGroup(layout);
        side.setToggleGroup(layout);
        over.setSelected(!vm.sideBySideProperty().get());
        side.setSelected(vm.sideBySideProperty().get());
        layout.selectedToggleProperty()
                .addListener(
                        (o, a, b) -> {
                            if (b == null) {
                                a.setSelected(true); // one is always on
                            } else {
                                vm.sideBySideProperty().set(b == side);
                            }
                        });
        vm.sideBySideProperty().addListener((o, a, b) -> (b ? side : over).setSelected(true));
        HBox layoutBox = new HBox(over, side);
        layoutBox.getStyleClass().add("segmented");

        TextField search = new TextField();
        search.setId("heatmap-class-search");
        search.setPromptText("class name or index");
        search.setPrefColumnCount(14);
        search.setOnAction(
                e -> {
                    if (vm.search(search.getText())) {
                        search.selectAll();
                    }
                });
        Button top1 = new Button("Top-1");
        top1.setId("heatmap-top1");
        top1.setTooltip(new Tooltip("Back to each image's most probable class"));
        top1.setOnAction(e -> vm.showTop1());

        MenuButton save = new MenuButton("Save");
        save.setId("heatmap-save");
        MenuItem png = new MenuItem("Overlay as PNG…");
        png.setOnAction(
                e -> choose("heatmap.png", "PNG image", "*.png", HeatmapViewModel.SaveKind.PNG));
        MenuItem npy = new MenuItem("Raw map as .npy…");
        npy.setOnAction(
                e -> choose("heatmap.npy", "NumPy array", "*.npy", HeatmapViewModel.SaveKind.NPY));
        MenuItem csv = new MenuItem("Raw map as CSV…");
        csv.setOnAction(e -> choose("heatmap.csv", "CSV", "*.csv", HeatmapViewModel.SaveKind.CSV));
        save.getItems().addAll(png, npy, csv);
        save.disableProperty().bind(vm.mapProperty().isNull());

        FlowPane bar =
                new FlowPane(
                        8,
                        6,
                        labelled("Method", method),
                        labelled("Colors", colormap),
                        labelled("Opacity", opacity),
                        layoutBox,
                        labelled("Class", search),
                        top1,
                        save,
                        helpButton);
        bar.getStyleClass().add("heatmap-controls");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static HBox labelled(String text, javafx.scene.Node control) {
        Label l = new Label(text);
        l.getStyleClass().add("control-label");
        HBox box = new HBox(4, l, control);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private HBox legend() {
        Label min = new Label();
        min.setId("heatmap-min");
        min.textProperty().bind(vm.rangeMinProperty());
        min.getStyleClass().add("legend-value");
        Label max = new Label();
        max.setId("heatmap-max");
        max.textProperty().bind(vm.rangeMaxProperty());
        max.getStyleClass().add("legend-value");
        ImageView ramp = new ImageView();
        ramp.setId("heatmap-legend");
        ramp.imageProperty().bind(vm.legendProperty());
        ramp.setFitWidth(256);
        ramp.setFitHeight(12);
        ramp.setPreserveRatio(false);
        ramp.setSmooth(false);
        min.setMinWidth(Region.USE_PREF_SIZE);
        max.setMinWidth(Region.USE_PREF_SIZE);
        Label what = new Label("value range");
        what.getStyleClass().add("control-label");
        HBox box = new HBox(6, what, min, ramp, max);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("heatmap-legend");
        box.visibleProperty().bind(vm.mapProperty().isNotNull());
        return box;
    }

    private void choose(String name, String what, String pattern, HeatmapViewModel.SaveKind kind) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            saveTo(f.toPath(), kind);
        }
    }

    /** What the Save menu does once a file is chosen (tests call it directly). */
    public void saveTo(Path file, HeatmapViewModel.SaveKind kind) {
        vm.save(file, kind, error -> {});
    }

    private void layoutPicture(double w, double h) {
        Image img = picture.getImage();
        boolean side = vm.sideBySideProperty().get();
        besideBack.setVisible(side);
        beside.setVisible(side && beside.getImage() != null);
        overlay.setVisible(!side && overlay.getImage() != null);
        if (img == null || w <= 0 || h <= 0) {
            picture.setVisible(false);
            dim.getElements().clear();
            outline.setVisible(false);
            return;
        }
        picture.setVisible(true);
        double gap = side ? 12 : 0;
        double aw = Math.max(1, (side ? (w - gap) / 2 : w) - 8);
        double ah = Math.max(1, h - 8);
        double scale = Math.min(Math.min(aw / img.getWidth(), ah / img.getHeight()), 4.0);
        double iw = img.getWidth() * scale;
        double ih = img.getHeight() * scale;
        double total = side ? 2 * iw + gap : iw;
        double ox = (w - total) / 2;
        double oy = (h - ih) / 2;
        picture.setFitWidth(iw);
        picture.setFitHeight(ih);
        picture.relocate(ox, oy);
        CropBox box = vm.cropProperty().get();
        dim.getElements().clear();
        if (box == null) {
            outline.setVisible(false);
            return;
        }
        double cx = ox + box.x() * scale;
        double cy = oy + box.y() * scale;
        double cw = box.width() * scale;
        double ch = box.height() * scale;
        // The crop may reach past a padded picture: clamp its hole to the picture.
        double hx = Math.max(ox, cx);
        double hy = Math.max(oy, cy);
        double hx2 = Math.min(ox + iw, cx + cw);
        double hy2 = Math.min(oy + ih, cy + ch);
        rect(ox, oy, ox + iw, oy + ih);
        if (hx2 > hx && hy2 > hy) {
            rect(hx, hy, hx2, hy2);
        }
        outline.setVisible(true);
        outline.setX(cx);
        outline.setY(cy);
        outline.setWidth(cw);
        outline.setHeight(ch);
        place(overlay, cx, cy, cw, ch, new Rectangle(ox - cx, oy - cy, iw, ih));
        double bx = ox + iw + gap;
        besideBack.setX(bx);
        besideBack.setY(oy);
        besideBack.setWidth(iw);
        besideBack.setHeight(ih);
        place(beside, bx + box.x() * scale, cy, cw, ch, new Rectangle(ox - cx, oy - cy, iw, ih));
    }

    private void rect(double x1, double y1, double x2, double y2) {
        dim.getElements()
                .addAll(
                        new javafx.scene.shape.MoveTo(x1, y1),
                        new javafx.scene.shape.LineTo(x2, y1),
                        new javafx.scene.shape.LineTo(x2, y2),
                        new javafx.scene.shape.LineTo(x1, y2),
                        new javafx.scene.shape.ClosePath());
    }

    /** The map over the crop box, clipped to the picture (a padded crop reaches past it). */
    private static void place(ImageView v, double x, double y, double w, double h, Rectangle clip) {
        v.setFitWidth(w);
        v.setFitHeight(h);
        v.relocate(x, y);
        v.setClip(clip);
    }
}
