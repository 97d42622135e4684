package io.resnextexplorer.app;

import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.SessionCore;
import java.util.Arrays;

/**
 * Entry point of the jar. With a subcommand (the CLI's, e.g. {@code classify}, {@code pull}, {@code
 * --help}, {@code --version}) it is the command-line tool; otherwise ({@code [--models DIR] [IMAGE
 * ...]}) it opens the window. Not an Application subclass, so the shaded jar starts JavaFX from the
 * classpath.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        SessionCore.prepareOnnxRuntime();
        if (GuiArgs.isCli(args)) {
            // Not on the main thread: ONNX Runtime's native session creation can need more stack
            // than it has (see NativeThreads), and then the JVM dies with SIGSEGV.
            System.exit(
                    NativeThreads.callWithBigStack(
                            "resnext-explorer-cli", () -> io.resnextexplorer.cli.Cli.run(args)));
            return;
        }
        try {
            GuiArgs.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("resnext-explorer: " + e.getMessage());
            System.err.println(
                    "usage: resnext-explorer [--models DIR] [IMAGE ...]   (window)\n"
                            + "       resnext-explorer "
                            + String.join(
                                    "|",
                                    new java.util.TreeSet<>(
                                            io.resnextexplorer.cli.Cli.subcommandNames()))
                            + " ...   (command line; see --help)");
            System.exit(2);
            return;
        }
        Prewarm.start();
        javafx.application.Application.launch(App.class, args);
    }
}
