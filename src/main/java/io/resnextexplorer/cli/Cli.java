package io.resnextexplorer.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tool: {@code classify} and {@code info}. Exit codes: 0 all good, 1 some image
 * failed, 2 bad usage or an unusable model.
 */
@Command(
        name = "resnext-explorer",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = "Classify images with ONNX image classifiers and inspect model files.",
        subcommands = {ClassifyCommand.class, InfoCommand.class})
public final class Cli implements Runnable {
    public static final int OK = 0;
    public static final int SOME_FAILED = 1;
    public static final int UNUSABLE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "choose a subcommand: classify or info");
    }

    /** Runs the CLI with the process's standard output and error. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs the CLI writing to the given streams (tests capture them). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Cli());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(e -> UNUSABLE);
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    err.println("error: " + ex.getMessage());
                    ex.getCommandLine().usage(err);
                    return UNUSABLE;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    err.println("error: " + ex.getMessage());
                    return UNUSABLE;
                });
        return cmd.execute(args);
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"ResNeXt Explorer " + (v == null ? "(development build)" : v)};
        }
    }
}
