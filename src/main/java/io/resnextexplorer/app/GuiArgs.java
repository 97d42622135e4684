package io.resnextexplorer.app;

import io.resnextexplorer.cli.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The GUI's command line: {@code [--models DIR] [IMAGE ...]}.
 *
 * @param modelsDir an extra folder of models, or null
 * @param images images to open in the window
 */
public record GuiArgs(Path modelsDir, List<Path> images) {
    /**
     * First arguments that make the jar the command-line tool instead of the GUI: the CLI's
     * subcommands (taken from the CLI itself, so a new subcommand needs no second list) and the
     * help and version flags.
     */
    public static final Set<String> CLI_COMMANDS = cliCommands();

    public GuiArgs {
        images = List.copyOf(images);
    }

    private static Set<String> cliCommands() {
        Set<String> names = new TreeSet<>(Cli.subcommandNames());
        names.addAll(Set.of("--help", "-h", "help", "--version", "-V"));
        return Set.copyOf(names);
    }

    public static boolean isCli(String[] args) {
        return args.length > 0 && CLI_COMMANDS.contains(args[0]);
    }

    /**
     * @throws IllegalArgumentException for "--models" without a folder or an unknown option
     */
    public static GuiArgs parse(List<String> args) {
        Path models = null;
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--models")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--models needs a folder");
                }
                models = Path.of(args.get(++i));
            } else if (a.startsWith("--models=")) {
                models = Path.of(a.substring("--models=".length()));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unknown option " + a + " (the window takes [--models DIR] [IMAGE ...])");
            } else {
                images.add(Path.of(a));
            }
        }
        return new GuiArgs(models, images);
    }
}
