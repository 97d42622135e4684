package io.resnextexplorer.session;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder in the ImageFolder layout: one sub-folder per class, its images below it (found by
 * content, recursively, as {@link ImageFiles} finds them).
 *
 * @param root the folder
 * @param classes the sub-folders, by name
 * @param notes what was left out (files at the top level, unreadable entries), for people
 */
public record LabelledFolder(Path root, List<ClassFolder> classes, List<String> notes) {
    public LabelledFolder {
        classes = List.copyOf(classes);
        notes = List.copyOf(notes);
    }

    /** One sub-folder and its images, sorted by path. */
    public record ClassFolder(String name, List<Path> images) {
        public ClassFolder {
            images = List.copyOf(images);
        }
    }

    public List<String> names() {
        return classes.stream().map(ClassFolder::name).toList();
    }

    public int imageCount() {
        return classes.stream().mapToInt(c -> c.images().size()).sum();
    }

    /**
     * Reads the layout (slow for big folders: every file's first bytes are read).
     *
     * @throws IOException when {@code root} is not a readable folder
     */
    public static LabelledFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
        List<Path> dirs = new ArrayList<>();
        int loose = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else {
                    loose++;
                }
            }
        }
        dirs.sort(null);
        List<String> notes = new ArrayList<>();
        if (loose > 0) {
            notes.add(loose + " file(s) directly in " + root + " are in no class folder: left out");
        }
        List<ClassFolder> classes = new ArrayList<>();
        for (Path d : dirs) {
            ImageFiles.Expansion e = ImageFiles.expand(List.of(d));
            notes.addAll(e.notes());
            classes.add(new ClassFolder(d.getFileName().toString(), e.images()));
        }
        return new LabelledFolder(root.toAbsolutePath().normalize(), classes, notes);
    }
}
