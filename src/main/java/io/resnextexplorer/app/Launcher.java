package io.resnextexplorer.app;

/** Entry point of the jar: with arguments it is the command-line tool, without it opens the GUI. */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        System.exit(io.resnextexplorer.cli.Cli.run(args));
    }
}
