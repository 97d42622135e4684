package io.resnextexplorer.ui.canvas;

import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;

/**
 * What the canvas accepts: files and folders, URLs, raw image bytes and images. The view only
 * converts a Dragboard or Clipboard into a {@link Drop} and calls {@link #accept(Drop)}; tests do
 * the same without a drag gesture. ONNX files go to the model library, everything else to the
 * session.
 */
public final class CanvasViewModel {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(CanvasViewModel.class);

    /**
     * What was dropped or pasted; any field may be empty/null.
     *
     * @param files files and folders
     * @param url a URL (http, https, data, file)
     * @param bytes raw image data with a name
     * @param image an image the platform already decoded (clipboard, some browsers)
     */
    public record Drop(List<Path> files, String url, byte[] bytes, String bytesName, Image image) {
        public Drop {
            files = files == null ? List.of() : List.copyOf(files);
        }

        public static Drop ofFiles(List<Path> files) {
            return new Drop(files, null, null, null, null);
        }

        public static Drop ofUrl(String url) {
            return new Drop(List.of(), url, null, null, null);
        }

        public static Drop ofBytes(byte[] bytes, String name) {
            return new Drop(List.of(), null, bytes, name, null);
        }

        public boolean isEmpty() {
            return files.isEmpty() && url == null && bytes == null && image == null;
        }
    }

    private final SessionViewModel session;
    private final Consumer<List<Path>> onModelFiles;
    private final Executor background;
    private final BooleanProperty showCrop = new SimpleBooleanProperty(true);
    private int pasted;

    /**
     * @param onModelFiles receives dropped .onnx files (the model library)
     * @param background where FX images are encoded to bytes
     */
    public CanvasViewModel(
            SessionViewModel session, Consumer<List<Path>> onModelFiles, Executor background) {
        this.session = session;
        this.onModelFiles = onModelFiles;
        this.background = background;
    }

    public SessionViewModel session() {
        return session;
    }

    /** Whether the region the model sees is outlined. */
    public BooleanProperty showCropProperty() {
        return showCrop;
    }

    /** Accepts what was dropped or pasted; returns false when there was nothing usable. */
    public boolean accept(Drop drop) {
        if (!drop.files().isEmpty()) {
            List<Path> models = new ArrayList<>();
            List<Path> images = new ArrayList<>();
            for (Path p : drop.files()) {
                (isOnnx(p) ? models : images).add(p);
            }
            if (!models.isEmpty()) {
                onModelFiles.accept(models);
            }
            session.addFiles(images);
            return true;
        }
        // Raw image data first: it is the picture itself, no download, no guessing.
        if (drop.bytes() != null && drop.bytes().length > 0) {
            session.add(
                    List.of(
                            new ImageSource.BytesSource(
                                    drop.bytes(),
                                    drop.bytesName() == null
                                            ? nextPastedName()
                                            : drop.bytesName())));
            return true;
        }
        if (drop.url() != null && !drop.url().isBlank()) {
            List<Path> paths = pathsFromText(drop.url());
            if (!paths.isEmpty()) {
                return accept(Drop.ofFiles(paths)); // routed like dropped files (.onnx included)
            }
            ImageSource s = fromUrl(drop.url().strip());
            if (s != null) {
                session.add(List.of(s));
                return true;
            }
        }
        if (drop.image() != null) {
            Image img = drop.image();
            String name = nextPastedName();
            background.execute(
                    () -> {
                        try {
                            session.add(List.of(new ImageSource.BytesSource(png(img), name)));
                        } catch (RuntimeException e) {
                            LOG.warn("could not take the pasted image", e);
                        }
                    });
            return true;
        }
        return false;
    }

    private String nextPastedName() {
        return "pasted-" + (++pasted) + ".png";
    }

    static boolean isOnnx(Path p) {
        return p.getFileName() != null
                && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Text that names files: one per line, each an absolute path ({@code /photos/cat.jpg}, {@code
     * C:\photos\cat.jpg}), {@code ~/...}, or a {@code file:} URI (spaces left unescaped too),
     * quotes around a line ignored. Empty when any line is something else (a web URL, prose).
     * Whether the files exist is not checked here: a missing one gets its own error in the strip.
     */
    static List<Path> pathsFromText(String text) {
        List<Path> out = new ArrayList<>();
        for (String raw : text.lines().map(String::strip).toList()) {
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            String line = raw;
            if (line.length() > 1
                    && (line.startsWith("\"") && line.endsWith("\"")
                            || line.startsWith("'") && line.endsWith("'"))) {
                line = line.substring(1, line.length() - 1);
            }
            Path p = pathOf(line);
            if (p == null) {
                return List.of();
            }
            out.add(p);
        }
        return out;
    }

    private static Path pathOf(String line) {
        try {
            if (line.regionMatches(true, 0, "file:", 0, 5)) {
                try {
                    return Path.of(new URI(line));
                } catch (URISyntaxException e) {
                    // Some file managers copy "file:///home/me/my photo.jpg" unescaped.
                    return Path.of(new URI(line.replace("%", "%25").replace(" ", "%20")));
                }
            }
            if (line.startsWith("~/") || line.startsWith("~\\")) {
                return Path.of(System.getProperty("user.home"), line.substring(2));
            }
            if (line.contains("://")) {
                return null; // a web URL
            }
            Path p = Path.of(line);
            return p.isAbsolute() ? p.normalize() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The first line of a dropped URL list; file: URLs become files. */
    static ImageSource fromUrl(String text) {
        String first =
                text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElse("");
        try {
            URI uri = new URI(first.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return switch (scheme) {
                case "file" -> new ImageSource.FileSource(Path.of(uri));
                case "http", "https", "data" -> new ImageSource.UrlSource(uri);
                default -> null;
            };
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Encodes an FX image as PNG bytes (background thread; reading pixels is thread-safe). */
    static byte[] png(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        java.awt.image.BufferedImage bi =
                new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, w, h, argb, 0, w);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            javax.imageio.ImageIO.write(bi, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
