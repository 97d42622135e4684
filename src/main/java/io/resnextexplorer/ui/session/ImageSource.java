package io.resnextexplorer.ui.session;

import java.net.URI;
import java.nio.file.Path;

/** Where an image of the session comes from: a file, bytes (pasted or dragged), or a URL. */
public sealed interface ImageSource {
    /** A short name for people (file name, URL's last segment). */
    String name();

    record FileSource(Path file) implements ImageSource {
        @Override
        public String name() {
            Path n = file.getFileName();
            return n == null ? file.toString() : n.toString();
        }
    }

    record BytesSource(byte[] data, String name) implements ImageSource {}

    record UrlSource(URI uri) implements ImageSource {
        @Override
        public String name() {
            String path = uri.getPath();
            if (path != null) {
                String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                int slash = p.lastIndexOf('/');
                String last = p.substring(slash + 1);
                if (!last.isBlank()) {
                    return last;
                }
            }
            return uri.getHost() == null ? "image from a URL" : uri.getHost();
        }
    }

    static ImageSource of(Path file) {
        return new FileSource(file);
    }
}
