package io.resnextexplorer.cli;

import io.resnextexplorer.model.PullProgress;
import io.resnextexplorer.session.PullService;
import io.resnextexplorer.session.UserDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pull MODEL... [--endpoint URL] [--revision REV] [--out DIR]}: fetch timm's weights from
 * the Hugging Face Hub and build the ONNX file in Java, no Python needed. Progress goes to stderr,
 * one line per pulled file to stdout. Exit 0 all pulled, 1 some failed, 2 none could be pulled.
 */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Download a timm model's pretrained weights from the Hugging Face Hub and build its"
                    + " ONNX file (no Python needed).",
            "MODEL: a card id (resnext50_32x4d, resnext50d_32x4d, tv_resnext50_32x4d,"
                    + " resnext101_32x8d) or <timm name>.<tag> of timm's ResNet family, e.g."
                    + " resnet50.a1_in1k."
        })
final class PullCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "models to fetch")
    List<String> models;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "Hub URL (default: $HF_ENDPOINT, else https://huggingface.co)")
    String endpoint;

    @Option(
            names = "--revision",
            paramLabel = "REV",
            defaultValue = "main",
            description = "branch, tag or commit of the Hub repo (default: ${DEFAULT-VALUE})")
    String revision;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "folder for the .onnx files (default: the user's models folder, ${sys:user.home}/.resnext-explorer/models)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = out != null ? out : UserDirs.models();
        String url = PullService.endpoint(endpoint);
        PullService service = new PullService(Cli.Version.projectVersion());
        int ok = 0;
        for (String model : models) {
            err.println(model + ": from " + url + " (revision " + revision + ") into " + dir);
            Throttle throttle = new Throttle(err);
            try {
                PullService.Pulled p =
                        service.pull(model, url, revision, dir, throttle::show, () -> false);
                throttle.finish();
                err.println(
                        p.id()
                                + ": "
                                + String.format("%,d", p.params())
                                + " parameters, weights "
                                + p.repo()
                                + " at commit "
                                + (p.commit().isEmpty() ? "?" : p.commit())
                                + (p.license().isEmpty() ? "" : ", licence " + p.license()));
                stdout.println(p.file());
                ok++;
            } catch (PullService.PullException e) {
                throttle.finish();
                err.println("error: " + model + ": " + e.getMessage());
            }
        }
        stdout.flush();
        err.flush();
        if (ok == models.size()) {
            return Cli.OK;
        }
        return ok == 0 ? Cli.UNUSABLE : Cli.SOME_FAILED;
    }

    /** Prints progress at most every half second, and every change of step. */
    private static final class Throttle {
        private final PrintWriter err;
        private long last;
        private String step = "";
        private boolean open;

        Throttle(PrintWriter err) {
            this.err = err;
        }

        void show(PullProgress p) {
            if (p.total() < 0 && p.done() == 0 && p.step().contains(".")) {
                return; // a download step starts; its first byte count follows at once
            }
            long now = System.nanoTime();
            boolean newStep = !p.step().equals(step);
            if (!newStep && now - last < 500_000_000L && p.done() != p.total()) {
                return;
            }
            last = now;
            step = p.step();
            err.println("  " + p.model() + ": " + p.describe());
            err.flush();
            open = true;
        }

        void finish() {
            if (open) {
                err.flush();
            }
        }
    }
}
