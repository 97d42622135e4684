package io.resnextexplorer.session;

import io.resnextexplorer.imageio.ImageDecoder;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns what a user named (files and folders, on the command line or dropped on the window) into
 * the list of image files to open, in a stable order.
 *
 * <p>Files named explicitly are kept as given, whatever they contain or even if they do not exist,
 * so the user gets that file's own error when it is opened. Folders are searched recursively,
 * following symbolic links but never around a link cycle; a file found in a folder is kept only if
 * its first bytes say it is an image ({@link ImageDecoder#looksLikeImage(Path)}; the extension is
 * ignored). Each folder's images are sorted by path and come where the folder was named. Entries
 * that cannot be read are skipped with a note, never failing the whole expansion. Nothing is
 * removed as a duplicate: naming a file and its folder lists it twice.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /**
     * The outcome of {@link #expand(List)}.
     *
     * @param images files to open, in order
     * @param notes one sentence per skipped entry (unreadable, a link cycle), in the order met
     */
    public record Expansion(List<Path> images, List<String> notes) {
        public Expansion {
            images = List.copyOf(images);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Expands folders into the images they contain; see the class comment for the rules.
     *
     * @param filesOrFolders paths as the user gave them (relative ones stay relative)
     */
    public static Expansion expand(List<Path> filesOrFolders) {
        List<Path> images = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path p : filesOrFolders) {
            if (Files.isDirectory(p)) {
                images.addAll(imagesIn(p, notes));
            } else {
                images.add(p);
            }
        }
        return new Expansion(images, notes);
    }

    private static List<Path> imagesIn(Path folder, List<String> notes) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(
                    folder,
                    EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                    Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!attrs.isRegularFile()) {
                                return FileVisitResult.CONTINUE; // sockets, devices, broken links
                            }
                            try {
                                if (ImageDecoder.looksLikeImage(file)) {
                                    found.add(file);
                                }
                            } catch (IOException e) {
                                notes.add("skipped " + file + ": " + reason(e));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            notes.add(
                                    e instanceof FileSystemLoopException
                                            ? "skipped "
                                                    + file
                                                    + ": a link back to a folder above it"
                                            : "skipped " + file + ": " + reason(e));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            notes.add("skipped " + folder + ": " + reason(e));
        }
        found.sort(null);
        return found;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
