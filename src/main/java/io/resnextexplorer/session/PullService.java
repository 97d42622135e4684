package io.resnextexplorer.session;

import io.resnextexplorer.hub.HubDownloader;
import io.resnextexplorer.hub.HubException;
import io.resnextexplorer.hub.HubImporter;
import io.resnextexplorer.hub.HubModel;
import io.resnextexplorer.inference.InferenceException;
import io.resnextexplorer.inference.OnnxClassifier;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.PullProgress;
import io.resnextexplorer.model.Tensor;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "pull" use case, shared by the CLI and the window: fetch a timm model's weights from a
 * Hub-shaped server, build its ONNX file in Java, check it with ONNX Runtime (it loads, has the
 * logits and features outputs of the right shapes, and a test input gives finite values), and only
 * then move it into the models folder. A file that fails the check is not kept.
 */
public final class PullService {
    private static final Logger LOG = LoggerFactory.getLogger(PullService.class);

    /** Why a pull failed, in words for the user. */
    public static class PullException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean cancelled;

        public PullException(String message, boolean cancelled, Throwable cause) {
            super(message, cause);
            this.cancelled = cancelled;
        }

        /** The user cancelled (what was downloaded is kept and resumes next time). */
        public boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * A pulled model.
     *
     * @param id model id
     * @param file the installed ONNX file
     * @param repo the Hub repo
     * @param commit the commit the weights came from
     * @param license the licence in the repo's config.json (else, for card ids, as published)
     * @param params the source model's parameter count (equals timm's)
     */
    public record Pulled(
            String id, Path file, String repo, String commit, String license, long params) {}

    private final java.util.function.Supplier<HttpClient> client;
    private final String version;

    /**
     * @param version our version, recorded in the built files' metadata
     */
    public PullService(String version) {
        this.client = new Lazy<>(HubDownloader::defaultClient);
        this.version = version;
    }

    public PullService(HttpClient client, String version) {
        this.client = () -> client;
        this.version = version;
    }

    /** System property naming the Hub URL (tests, and when setting the environment is awkward). */
    public static final String ENDPOINT_PROPERTY = "resnext.explorer.hf_endpoint";

    /**
     * The Hub URL used: {@code override}, else the {@value #ENDPOINT_PROPERTY} system property,
     * else {@code HF_ENDPOINT} (as the Hub's own client), else https://huggingface.co.
     */
    public static String endpoint(String override) {
        if (override == null || override.isBlank()) {
            override = System.getProperty(ENDPOINT_PROPERTY);
        }
        return HubDownloader.endpoint(override);
    }

    /** Empty when {@code model} can be pulled, else the reason in words. */
    public static Optional<String> unsupportedReason(String model) {
        try {
            HubModel.resolve(model);
            return Optional.empty();
        } catch (HubException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The download size in bytes of a card id as published, or -1 for other models. */
    public static long publishedDownloadBytes(String model) {
        HubModel card = HubModel.card(model);
        return card == null ? -1 : card.card().fileSize();
    }

    /** The licence published for a card id, or empty. */
    public static String publishedLicense(String model) {
        HubModel card = HubModel.card(model);
        return card == null ? "" : card.card().license();
    }

    /**
     * Fetches, builds, checks and installs one model. Blocking (network and seconds of CPU): call
     * off the FX thread.
     *
     * @param model a card id, {@code <timm name>.<tag>} or {@code timm/<timm name>.<tag>}
     * @param endpoint Hub URL (see {@link #endpoint(String)})
     * @param revision branch, tag or commit, e.g. "main"
     * @param outDir folder the model goes to as {@code <id>.onnx}
     * @param progress called from the calling thread as the pull advances
     * @param cancelled polled during the download
     */
    public Pulled pull(
            String model,
            String endpoint,
            String revision,
            Path outDir,
            Consumer<PullProgress> progress,
            BooleanSupplier cancelled)
            throws PullException {
        HubModel hubModel;
        try {
            hubModel = HubModel.resolve(model);
        } catch (HubException e) {
            throw new PullException(e.getMessage(), false, e);
        }
        HubImporter importer = new HubImporter(client.get(), endpoint, version);
        Speed speed = new Speed();
        String[] step = {""};
        HubImporter.Listener listener =
                new HubImporter.Listener() {
                    @Override
                    public void step(String id, String s) {
                        step[0] = s;
                        speed.reset();
                        progress.accept(new PullProgress(id, s, 0, -1, 0));
                    }

                    @Override
                    public void bytes(String id, long done, long total) {
                        double bps = speed.update(done);
                        progress.accept(new PullProgress(id, step[0], done, total, bps));
                    }
                };
        HubImporter.Built built;
        try {
            built = importer.fetchAndBuild(hubModel, revision, outDir, listener, cancelled);
        } catch (HubDownloader.CancelledException e) {
            throw new PullException(e.getMessage(), true, e);
        } catch (HubException e) {
            throw new PullException(e.getMessage(), false, e);
        }
        progress.accept(new PullProgress(hubModel.id(), "checking", 0, -1, 0));
        try {
            check(built);
        } catch (RuntimeException e) {
            built.discard();
            throw new PullException(
                    "the model built from "
                            + hubModel.repo()
                            + " failed its check and was not kept: "
                            + e.getMessage(),
                    false,
                    e);
        }
        Path file;
        try {
            file = built.install();
        } catch (HubException e) {
            built.discard();
            throw new PullException(e.getMessage(), false, e);
        }
        progress.accept(new PullProgress(hubModel.id(), "done", 0, -1, 0));
        String license = built.license();
        if (license.isEmpty() && hubModel.card() != null) {
            license = hubModel.card().license();
        }
        LOG.info(
                "pulled {} from {} at {} into {}",
                hubModel.id(),
                hubModel.repo(),
                built.commit(),
                file);
        return new Pulled(
                hubModel.id(), file, hubModel.repo(), built.commit(), license, built.timmParams());
    }

    /** ONNX Runtime loads the file, the outputs have the contract's shapes and are finite. */
    private static void check(HubImporter.Built built) {
        int h = built.inputSize()[1];
        int w = built.inputSize()[2];
        NativeThreads.callWithBigStack(
                "pull-check",
                () -> {
                    try (OnnxClassifier c =
                            OnnxClassifier.open(built.building(), ExecutionProvider.CPU)) {
                        Map<String, Tensor> out =
                                c.run(testInput(h, w), 1, h, w, List.of("logits", "features"));
                        Tensor logits = out.get("logits");
                        Tensor features = out.get("features");
                        if (logits.shape()[1] != built.numClasses()) {
                            throw new InferenceException(
                                    "logits have "
                                            + logits.shape()[1]
                                            + " classes, expected "
                                            + built.numClasses());
                        }
                        if (features.shape().length != 4) {
                            throw new InferenceException("features are not [N,C,h,w]");
                        }
                        for (Tensor t : List.of(logits, features)) {
                            for (float v : t.data()) {
                                if (!Float.isFinite(v)) {
                                    throw new InferenceException(
                                            "a test input gives non-finite outputs");
                                }
                            }
                        }
                    }
                    return null;
                });
    }

    /** A smooth, image-like normalized input (values within about -2..2), [1,3,h,w]. */
    static float[] testInput(int h, int w) {
        float[] x = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    x[(c * h + y) * w + i] =
                            (float)
                                    (1.5
                                            * Math.sin(0.07 * (i + 1) * (c + 1) + 0.05 * y)
                                            * Math.cos(0.03 * y * (3 - c)));
                }
            }
        }
        return x;
    }

    /** Bytes per second over roughly the last two seconds. */
    private static final class Speed {
        private long t0 = System.nanoTime();
        private long b0;
        private double bps;

        void reset() {
            t0 = System.nanoTime();
            b0 = 0;
            bps = 0;
        }

        double update(long done) {
            long now = System.nanoTime();
            double dt = (now - t0) / 1e9;
            if (done < b0) {
                b0 = done;
                t0 = now;
            } else if (dt >= 0.5) {
                double recent = (done - b0) / dt;
                bps = bps == 0 ? recent : 0.5 * bps + 0.5 * recent;
                if (dt >= 2) {
                    t0 = now;
                    b0 = done;
                }
            }
            return bps;
        }
    }
}
