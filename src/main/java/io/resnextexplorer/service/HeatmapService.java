package io.resnextexplorer.service;

import io.resnextexplorer.heatmap.CamMaps;
import io.resnextexplorer.heatmap.HeatmapRenderer;
import io.resnextexplorer.heatmap.MapFiles;
import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The heatmap use-case shared by the window and the CLI: a map for one (image, model, class) from a
 * classification already made (its kept feature map and logits; no inference here), drawn on the
 * original image, and written to files. Stateless and thread-safe; all methods are fast except the
 * file writes.
 */
public final class HeatmapService {
    /**
     * The map for {@code method} and class {@code cls} (ignored by class-agnostic methods).
     *
     * @param model the model that made {@code c}
     * @param c its classification of the image (made by {@link ClassificationService}, which keeps
     *     the outputs heatmaps need)
     * @throws HeatmapException with the one-line reason when this model or method has no map
     */
    public ActivationMap map(LoadedModel model, Classification c, HeatmapMethod method, int cls) {
        HeatmapSupport support = model.heatmap();
        if (!support.available()) {
            throw new HeatmapException("no heatmap for this model: " + support.reason());
        }
        Tensor features = c.outputs().get(OutputRoles.FEATURES);
        Tensor logits = c.outputs().get(OutputRoles.LOGITS);
        if (features == null || logits == null) {
            throw new HeatmapException("this result was made without the feature map");
        }
        ModelInfo info = model.info();
        return switch (method.kind()) {
            case CAM -> {
                if (cls < 0 || cls >= info.numClasses()) {
                    throw new HeatmapException(
                            "class "
                                    + cls
                                    + " is not one of this model's 0.."
                                    + (info.numClasses() - 1));
                }
                yield CamMaps.cam(
                        features, support.head(), cls, logits.data()[cls], info.labels().get(cls));
            }
            case EIGEN_CAM -> CamMaps.eigenCam(features);
            case STAGE -> {
                Tensor t = c.outputs().get(HeatmapLoader.STAGE_ROLE + method.stage());
                if (t == null) {
                    throw new HeatmapException(
                            "this model's graph has no "
                                    + method.stage()
                                    + " stage output (stages: "
                                    + (support.stages().isEmpty()
                                            ? "none found"
                                            : String.join(", ", support.stages()))
                                    + ")");
                }
                yield CamMaps.channelMean(t, method.stage());
            }
        };
    }

    /**
     * Looks a class up by index ("281") or by name (case-insensitive; exact, else the only label
     * containing it).
     *
     * @throws HeatmapException when nothing or several classes match
     */
    public int classIndex(ModelInfo info, String query) {
        String q = query.strip();
        try {
            int i = Integer.parseInt(q);
            if (i >= 0 && i < info.numClasses()) {
                return i;
            }
            throw new HeatmapException(
                    "class " + i + " is not one of 0.." + (info.numClasses() - 1));
        } catch (NumberFormatException e) {
            // not an index: a name
        }
        String lower = q.toLowerCase(Locale.ROOT);
        int found = -1;
        int count = 0;
        for (int i = 0; i < info.numClasses(); i++) {
            String label = info.labels().get(i).toLowerCase(Locale.ROOT);
            if (label.equals(lower)) {
                return i;
            }
            if (label.contains(lower)) {
                found = i;
                count++;
            }
        }
        if (count == 1) {
            return found;
        }
        throw new HeatmapException(
                count == 0
                        ? "no class is named '" + q + "'"
                        : count + " classes match '" + q + "'; give more of the name or the index");
    }

    /**
     * The map drawn over the original image (crop box region), or side by side with it.
     *
     * @param alpha opacity of the colours, 0..1
     */
    public RgbImage render(
            RgbImage image,
            CropBox crop,
            ActivationMap map,
            Colormap colormap,
            double alpha,
            boolean sideBySide) {
        return sideBySide
                ? HeatmapRenderer.sideBySide(image, crop, map, colormap)
                : HeatmapRenderer.overlay(image, crop, map, colormap, alpha);
    }

    /**
     * The map alone in colour at {@code width x height} (the window lays it over the crop box of
     * the picture it already shows; opacity is then the view's, with no redraw).
     */
    public RgbImage mapImage(ActivationMap map, Colormap colormap, int width, int height) {
        return HeatmapRenderer.mapImage(map, colormap, width, height);
    }

    /** A horizontal colour ramp from the map's min (left) to its max (right). */
    public RgbImage legend(Colormap colormap, int width, int height) {
        return HeatmapRenderer.legend(colormap, width, height);
    }

    /** Writes a PNG atomically (a temporary file in the same folder, then a rename). */
    public void writePng(Path file, RgbImage image) throws IOException {
        writeAtomically(file, MapFiles.png(image));
    }

    /** Like {@link #writePng(Path, RgbImage)}, with "UNTRAINED WEIGHTS" drawn on it when so. */
    public void writePng(Path file, RgbImage image, boolean untrained) throws IOException {
        writeAtomically(file, MapFiles.png(image, untrained ? UNTRAINED_BANNER : null));
    }

    /** What an overlay of random-init weights says on itself. */
    public static final String UNTRAINED_BANNER = "UNTRAINED WEIGHTS - not learned evidence";

    /**
     * Writes the raw map at its own resolution: NumPy .npy (float32) for a ".npy" name, CSV for
     * ".csv", atomically.
     *
     * @throws IOException also for another extension, naming the two accepted
     */
    public void writeRaw(Path file, ActivationMap map) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            writeAtomically(file, MapFiles.npy(map));
        } else if (name.endsWith(".csv")) {
            writeAtomically(file, MapFiles.csv(map).getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IOException(
                    "the raw map is written as .npy or .csv, not " + file.getFileName());
        }
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
