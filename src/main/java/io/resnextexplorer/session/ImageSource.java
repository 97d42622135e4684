package io.resnextexplorer.session;

import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where an image of the session comes from: a file, a URL, or bytes (pasted or dragged). Each has a
 * stable identity, {@link #id()}: the absolute path, the URL, or a hash of the bytes. Two {@code
 * cat.jpg} from different folders are two images; the same pasted bytes twice are one. Equality is
 * by identity.
 */
public sealed interface ImageSource {
    /** The stable identity: absolute normalized path, URL, or "bytes:SHA-256-prefix/name". */
    String id();

    /** A short name for people (file name, URL's last segment, the pasted name). */
    String name();

    static ImageSource file(Path file) {
        return new FileSource(file);
    }

    static ImageSource url(URI uri) {
        return new UrlSource(uri);
    }

    static ImageSource bytes(byte[] data, String name) {
        return new BytesSource(data, name);
    }

    /**
     * An image file; the path is made absolute and normalized, so its id does not depend on cwd.
     */
    record FileSource(Path file) implements ImageSource {
        public FileSource {
            file = file.toAbsolutePath().normalize();
        }

        @Override
        public String id() {
            return file.toString();
        }

        @Override
        public String name() {
            Path n = file.getFileName();
            return n == null ? file.toString() : n.toString();
        }
    }

    /** Bytes from a drag or the clipboard; {@code name} is what the source called them. */
    final class BytesSource implements ImageSource {
        private final byte[] data;
        private final String name;
        private final String id;

        public BytesSource(byte[] data, String name) {
            this.data = data.clone();
            this.name = name == null || name.isBlank() ? "pasted image" : name;
            this.id = "bytes:" + sha256Prefix(data) + "/" + this.name;
        }

        /** A copy of the bytes. */
        public byte[] data() {
            return data.clone();
        }

        /** The bytes themselves, for decoding without a copy; callers must not change them. */
        byte[] dataUnsafe() {
            return data;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesSource b && b.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return id;
        }

        private static String sha256Prefix(byte[] data) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
                return HexFormat.of().formatHex(d, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
        }
    }

    record UrlSource(URI uri) implements ImageSource {
        @Override
        public String id() {
            return uri.toString();
        }

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
}
