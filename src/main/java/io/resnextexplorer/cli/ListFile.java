package io.resnextexplorer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of paths, one per line (UTF-8), as given to {@code --from-file}: blank lines and lines
 * starting with {@code #} are ignored, a trailing CR (Windows line ends) is dropped, nothing else
 * is trimmed. Relative paths stay relative, so they resolve against the current directory like
 * {@code xargs} does, not against the list's folder: {@code find photos > list.txt} then works from
 * where find ran. Name a file starting with # as {@code ./#name}.
 */
final class ListFile {
    private ListFile() {}

    static List<Path> read(BufferedReader in) throws IOException {
        List<Path> paths = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            paths.add(Path.of(line));
        }
        return paths;
    }
}
