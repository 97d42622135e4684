package io.resnextexplorer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.BenchmarkFailedException;
import io.resnextexplorer.service.BenchmarkReport;
import io.resnextexplorer.service.BenchmarkService;
import io.resnextexplorer.service.BenchmarkSettings;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.UserDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench --model M.onnx [--image I] [--runs N] [--warmup W] [--threads T] [--batch B]
 * [--provider cpu|cuda] [--json]}: per-stage min / median / p95, session creation, peak RSS.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Time the classify path stage by stage (decode, preprocess, inference, post-process,"
                    + " total), session creation cold and warm, and the process's peak memory.",
            "Weights do not change the timings: random-init exports time like pretrained ones."
        })
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(
            names = "--image",
            description = "image file (default: a synthetic 640x480 JPEG made in memory)")
    Path image;

    @Option(
            names = "--runs",
            defaultValue = "50",
            description = "timed runs (default ${DEFAULT-VALUE})")
    int runs;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            description = "untimed runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "ONNX Runtime intra-op threads; 0 = one per core (default)")
    int threads;

    @Option(
            names = "--batch",
            defaultValue = "1",
            description = "images per inference call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--provider",
            defaultValue = "cpu",
            converter = ClassifyCommand.ProviderConverter.class,
            description = "cpu or cuda (falls back to the CPU when CUDA cannot be used)")
    ExecutionProvider provider;

    @Option(
            names = "--no-cache",
            description =
                    "time loads without the optimized-model cache (the app keeps ONNX Runtime-optimized copies in ${sys:user.home}/.resnext-explorer/cache)")
    boolean noCache;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchmarkSettings settings;
        try {
            settings =
                    new BenchmarkSettings(
                            model,
                            image,
                            runs,
                            warmup,
                            threads,
                            batch,
                            provider,
                            noCache ? null : UserDirs.optimizedModels());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        BenchmarkReport report;
        try {
            // Session creation and runs are native calls: give them the big stack they need.
            report =
                    NativeThreads.callWithBigStack(
                            "bench", () -> new BenchmarkService().run(settings));
        } catch (BenchmarkFailedException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        out.print(json ? json(report) : text(report));
        out.flush();
        return Cli.OK;
    }

    static String text(BenchmarkReport r) {
        StringBuilder b = new StringBuilder();
        BenchmarkSettings s = r.settings();
        b.append(
                String.format(
                        Locale.ROOT,
                        "model        %s on %s, %s intra-op threads, batch %d%s%n",
                        r.modelId(),
                        r.providerUsed(),
                        s.threads() == 0 ? "default" : Integer.toString(s.threads()),
                        s.batch(),
                        r.untrained() ? " (untrained weights: timings only)" : ""));
        b.append(
                String.format(
                        Locale.ROOT,
                        "image        %s, %dx%d%n",
                        r.image(),
                        r.imageWidth(),
                        r.imageHeight()));
        b.append(
                String.format(
                        Locale.ROOT,
                        "runs         %d timed after %d warm-up%n",
                        s.runs(),
                        s.warmup()));
        b.append(
                String.format(Locale.ROOT, "%-12s %9s %9s %9s%n", "stage", "min", "median", "p95"));
        for (BenchmarkReport.Stage st : r.stages()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-12s %9.2f %9.2f %9.2f ms%n",
                            st.name(),
                            st.minMs(),
                            st.medianMs(),
                            st.p95Ms()));
        }
        BenchmarkReport.Stage alt = r.alternating();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-12s %9.2f %9.2f %9.2f ms (two sessions in turn, as compare runs models)%n",
                        alt.name(),
                        alt.minMs(),
                        alt.medianMs(),
                        alt.p95Ms()));
        String from =
                s.optimizedModels() == null
                        ? " (no cache)"
                        : r.coldFromCache()
                                ? " (optimized copy from the cache)"
                                : " (optimized, copy written to the cache)";
        b.append(String.format(Locale.ROOT, "session-cold %9.1f ms%s%n", r.sessionColdMs(), from));
        b.append(String.format(Locale.ROOT, "session-warm %9.1f ms%n", r.sessionWarmMs()));
        b.append(
                String.format(
                        Locale.ROOT,
                        "session-uncached %5.1f ms (optimized at load, no cache)%n",
                        r.sessionUncachedMs()));
        b.append(String.format(Locale.ROOT, "throughput   %9.1f images/s%n", r.imagesPerSecond()));
        b.append(
                r.peakRssBytes() < 0
                        ? "peak-rss     (not reported by this OS)\n"
                        : String.format(
                                Locale.ROOT,
                                "peak-rss     %9.1f MiB%n",
                                r.peakRssBytes() / (1024.0 * 1024.0)));
        return b.toString();
    }

    static String json(BenchmarkReport r) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        BenchmarkSettings s = r.settings();
        root.put("model", r.modelId());
        root.put("model_file", s.model().toAbsolutePath().normalize().toString());
        root.put("untrained", r.untrained());
        root.put("provider", r.providerUsed());
        root.put("image", r.image());
        root.put("image_width", r.imageWidth());
        root.put("image_height", r.imageHeight());
        root.put("runs", s.runs());
        root.put("warmup", s.warmup());
        root.put("threads", s.threads());
        root.put("batch", s.batch());
        ArrayNode stages = root.putArray("stages");
        for (BenchmarkReport.Stage st : r.stages()) {
            ObjectNode o = stages.addObject();
            o.put("name", st.name());
            o.put("min_ms", st.minMs());
            o.put("median_ms", st.medianMs());
            o.put("p95_ms", st.p95Ms());
        }
        ObjectNode alt = root.putObject("alternating");
        alt.put("min_ms", r.alternating().minMs());
        alt.put("median_ms", r.alternating().medianMs());
        alt.put("p95_ms", r.alternating().p95Ms());
        root.put("session_cold_ms", r.sessionColdMs());
        root.put("session_cold_from_cache", r.coldFromCache());
        root.put("session_warm_ms", r.sessionWarmMs());
        root.put("session_uncached_ms", r.sessionUncachedMs());
        root.put("cache", s.optimizedModels() == null ? null : s.optimizedModels().toString());
        root.put("images_per_second", r.imagesPerSecond());
        if (r.peakRssBytes() >= 0) {
            root.put("peak_rss_bytes", r.peakRssBytes());
        } else {
            root.putNull("peak_rss_bytes");
        }
        return Json.write(root) + System.lineSeparator();
    }
}
