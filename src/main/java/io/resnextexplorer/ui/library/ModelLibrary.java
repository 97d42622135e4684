package io.resnextexplorer.ui.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds ONNX files: in a list of folders (./models, the user folder, --models) plus files the user
 * opened. The seed variants are always listed, present or not. Does file I/O: call off the FX
 * thread.
 */
public final class ModelLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLibrary.class);

    /** The four seed variants, in the order they are listed. */
    public static final List<String> SEEDS =
            List.of(
                    "resnext50_32x4d",
                    "resnext50d_32x4d",
                    "tv_resnext50_32x4d",
                    "resnext101_32x8d");

    /** A folder to scan and how to name it to the user. */
    public record Folder(Path dir, String label) {}

    private final List<Folder> folders;
    private final String exportTarget;

    /**
     * @param folders folders to scan, in priority order
     * @param exportTarget the folder named in export commands (e.g. "~/.resnext-explorer/models")
     */
    public ModelLibrary(List<Folder> folders, String exportTarget) {
        this.folders = List.copyOf(folders);
        this.exportTarget = exportTarget;
    }

    public String exportCommand(String id) {
        return "python onnx-export/export.py " + id + " --out " + exportTarget;
    }

    /** Seeds first (present or with their export command), then every other model found. */
    public List<ModelEntry> scan(List<Path> openedFiles) {
        Map<Path, String> found = new LinkedHashMap<>();
        for (Folder f : folders) {
            for (Path p : onnxFiles(f.dir())) {
                found.putIfAbsent(p, f.label());
            }
        }
        for (Path p : openedFiles) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isRegularFile(abs)) {
                found.putIfAbsent(abs, "opened");
            }
        }
        List<ModelEntry> out = new ArrayList<>();
        Map<Path, String> others = new LinkedHashMap<>(found);
        for (String seed : SEEDS) {
            Path match = null;
            for (Path p : found.keySet()) {
                if (matchesSeed(p, seed) && others.containsKey(p)) {
                    match = p;
                    break;
                }
            }
            if (match == null) {
                out.add(new ModelEntry(seed, null, true, "missing", exportCommand(seed)));
            } else {
                out.add(new ModelEntry(seed, match, true, others.remove(match), ""));
            }
        }
        others.forEach((p, where) -> out.add(new ModelEntry(idOf(p), p, false, where, "")));
        return out;
    }

    /** "resnext50_32x4d.onnx" and "resnext50_32x4d.ra_in1k.onnx" are both resnext50_32x4d. */
    static boolean matchesSeed(Path file, String seed) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.equals(seed + ".onnx")
                || (name.startsWith(seed + ".") && name.endsWith(".onnx"));
    }

    static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".onnx")
                ? name.substring(0, name.length() - 5)
                : name;
    }

    private static List<Path> onnxFiles(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(
                            p ->
                                    p.getFileName()
                                            .toString()
                                            .toLowerCase(Locale.ROOT)
                                            .endsWith(".onnx"))
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", dir, e.getMessage());
            return List.of();
        }
    }
}
