package io.resnextexplorer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line tool: {@code classify}, {@code info}, {@code bench}, {@code pull}, {@code embed}
 * and {@code train-head}. Exit codes: 0 all good, 1 some image failed, 2 bad usage or an unusable
 * model.
 */
@Command(
        name = "resnext-explorer",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = {
            "Classify images with ONNX image classifiers and inspect model files.",
            "Run without a subcommand to open the window: resnext-explorer [--models DIR]"
                    + " [IMAGE ...]"
        },
        subcommands = {
            ClassifyCommand.class,
            InfoCommand.class,
            BenchCommand.class,
            PullCommand.class,
            HeatmapCommand.class,
            CompareCommand.class,
            EvaluateCommand.class,
            EmbedCommand.class,
            TrainHeadCommand.class
        })
public final class Cli implements Runnable {
    public static final int OK = 0;
    public static final int SOME_FAILED = 1;
    public static final int UNUSABLE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "choose a subcommand: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** The project version, e.g. "0.1.0-SNAPSHOT" (recorded in files the app builds). */
    public static String version() {
        return Version.projectVersion();
    }

    /** The subcommands' names ("classify", "info", ...), as picocli knows them. */
    public static java.util.Set<String> subcommandNames() {
        return java.util.Set.copyOf(new CommandLine(new Cli()).getSubcommands().keySet());
    }

    /**
     * Opens a subcommand's model: null after saying why on {@code err} (the subcommand then exits
     * {@link #UNUSABLE}).
     */
    static io.resnextexplorer.service.LoadedModel load(
            io.resnextexplorer.session.SessionCore core,
            java.nio.file.Path model,
            io.resnextexplorer.model.ExecutionProvider provider,
            PrintWriter err) {
        try {
            return core.load(model, provider);
        } catch (io.resnextexplorer.session.ModelFailedException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
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

    /**
     * The project version, from a resource Maven filters at build time (so classes run by tests
     * know it as well as the jar); "(development build)" only if that resource is missing.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ResNeXt Explorer " + projectVersion()};
        }

        static String projectVersion() {
            Properties p = new Properties();
            try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "(development build)";
            }
            String v = p.getProperty("version", "");
            // Unfiltered (e.g. compiled by an IDE without Maven): say so rather than print ${...}.
            return v.isBlank() || v.startsWith("${") ? "(development build)" : v;
        }
    }
}
