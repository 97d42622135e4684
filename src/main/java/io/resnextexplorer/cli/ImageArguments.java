package io.resnextexplorer.cli;

import io.resnextexplorer.session.ImageFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The images a command works on: IMAGE or FOLDER arguments and {@code --from-file} lists, in the
 * order they appear on the command line, folders expanded by {@link ImageFiles}. A mixin, so every
 * command that takes images spells them the same way.
 */
final class ImageArguments {
    /** Images, folders and lists (as {@link Source}s) in command-line order. */
    private final List<Source> sources = new ArrayList<>();

    @Option(
            names = "--from-file",
            paramLabel = "LIST",
            parameterConsumer = InOrder.class,
            description =
                    "read image or folder paths from LIST, one per line (- for standard input);"
                            + " blank lines and lines starting with # are ignored, relative paths"
                            + " are relative to the current directory; repeatable")
    List<String> lists;

    @Parameters(
            arity = "0..*",
            paramLabel = "IMAGE|FOLDER",
            parameterConsumer = InOrder.class,
            description =
                    "image files, or folders searched recursively for images (found by content,"
                            + " sorted by path)")
    List<String> images;

    /** A path named on the command line ({@code list == false}) or a list file to read. */
    private record Source(String value, boolean list) {}

    /**
     * Records each value where it appears, so lists and images keep their relative order (picocli
     * would otherwise collect options and positionals separately).
     */
    static final class InOrder implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "Missing required parameter for option '--from-file' (LIST)");
            }
            ImageArguments self;
            try {
                self = argSpec.scope().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            self.sources.add(new Source(args.pop(), argSpec.isOption()));
        }
    }

    /** Thrown when no image could be listed; the message is for the user. */
    static final class NoImagesException extends Exception {
        private static final long serialVersionUID = 1L;

        NoImagesException(String message) {
            super(message);
        }
    }

    /**
     * Like {@link #resolve}, for a subcommand's call(): null after saying why on {@code err} (the
     * subcommand then exits {@link Cli#UNUSABLE}).
     */
    List<Path> resolveOrSay(CommandSpec spec, PrintWriter err) {
        try {
            return resolve(spec, err);
        } catch (NoImagesException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
    }

    /**
     * The images to process, in order. Skipped folder entries are reported on {@code err} as
     * "note:" lines.
     *
     * @throws CommandLine.ParameterException when nothing at all was named
     * @throws NoImagesException when a list cannot be read, or everything named expands to nothing
     */
    List<Path> resolve(CommandSpec spec, PrintWriter err) throws NoImagesException {
        if (sources.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Missing required parameter: 'IMAGE|FOLDER'");
        }
        List<Path> named = new ArrayList<>();
        for (Source s : sources) {
            try {
                if (s.list()) {
                    named.addAll(readList(s.value()));
                } else {
                    named.add(Path.of(s.value()));
                }
            } catch (InvalidPathException e) {
                throw new NoImagesException("not a valid path: " + e.getMessage());
            }
        }
        ImageFiles.Expansion expansion = ImageFiles.expand(named);
        expansion.notes().forEach(n -> err.println("note: " + n));
        err.flush();
        if (expansion.images().isEmpty()) {
            throw new NoImagesException("no images found in what was named");
        }
        return expansion.images();
    }

    private static List<Path> readList(String name) throws NoImagesException {
        try {
            if (name.equals("-")) {
                // Not closed: standard input belongs to the process.
                return ListFile.read(
                        new BufferedReader(
                                new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            try (BufferedReader r = Files.newBufferedReader(Path.of(name))) {
                return ListFile.read(r);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NoImagesException("list file not found: " + name);
        } catch (IOException | UncheckedIOException e) {
            throw new NoImagesException("cannot read list file " + name + ": " + e.getMessage());
        }
    }
}
