package io.resnextexplorer.cli;

/** Command-line entry (placeholder until the subcommands land). */
public final class Cli {
    private Cli() {}

    public static int run(String[] args) {
        return 2;
    }
}
