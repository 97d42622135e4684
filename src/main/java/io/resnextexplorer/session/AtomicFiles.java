package io.resnextexplorer.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes files so that a reader (or the app after a crash or {@code kill -9}) sees either the old
 * file or the whole new one, never half of it: the bytes go to a temporary file in the same folder,
 * are forced to disk, then the temporary file is renamed over the target. Used for the session
 * file, the settings and every export.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes what {@code body} produces to a temporary file, then renames it to the target. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} with the bytes {@code body} writes; creates missing parent folders.
     *
     * @throws IOException when the folder is not writable or the disk is full (the old file, if
     *     any, is left as it was and the temporary file is removed)
     */
    public static void write(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // A unique name: two writers of the same target never share a temporary file.
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                body.writeTo(out);
                out.flush();
                ch.force(true); // on disk before the rename makes it the file
            }
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

    /** Replaces {@code file} with this text, UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    /**
     * Renames a file the app cannot use (corrupt, or written by a newer version) out of the way,
     * keeping it for the user: {@code session.json} becomes {@code
     * session.json.set-aside-20261201-231500}.
     *
     * @return the new name
     */
    public static Path setAside(Path file) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = file.resolveSibling(file.getFileName() + ".set-aside-" + stamp);
        for (int i = 2; Files.exists(aside); i++) {
            aside = file.resolveSibling(file.getFileName() + ".set-aside-" + stamp + "-" + i);
        }
        return Files.move(file, aside);
    }
}
