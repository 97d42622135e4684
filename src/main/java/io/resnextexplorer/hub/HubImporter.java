package io.resnextexplorer.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.metadata.ImageNetLabels;
import io.resnextexplorer.metadata.MetadataKeys;
import io.resnextexplorer.onnx.OnnxModelWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a timm model's {@code config.json} and {@code model.safetensors} from a Hub-shaped server
 * and builds its ONNX file in Java ({@link ResNetOnnxBuilder}), with the same metadata the Python
 * exporter writes (schema v1), weights origin = the Hub repo and the commit it came from.
 *
 * <p>Downloads go to {@code <out>/.downloads/<repo>/} (kept on failure so a new attempt resumes),
 * the ONNX to {@code <out>/.downloads/<id>.onnx.building}; the caller checks the built file with
 * ONNX Runtime and then calls {@link Built#install()} or {@link Built#discard()}.
 */
public final class HubImporter {
    private static final Logger LOG = LoggerFactory.getLogger(HubImporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Opset of the built graphs, as the Python exporter's default. */
    public static final int OPSET = 18;

    /** What the import is doing, for progress displays. */
    public interface Listener {
        /** A new step: "config.json", "model.safetensors", "building", "checking". */
        void step(String modelId, String step);

        /** Bytes of the current download; {@code total} -1 when unknown. */
        void bytes(String modelId, long done, long total);
    }

    /**
     * A built, not yet installed model.
     *
     * @param model what was asked for
     * @param building the ONNX file as built (under .downloads)
     * @param target where {@link #install()} moves it
     * @param commit the repo commit the weights came from
     * @param timmParams parameter count of the source (timm's count: the file's parameters)
     * @param figures the builder's per-stage figures
     * @param inputSize [3, H, W]
     * @param numClasses classifier outputs
     * @param downloads the downloaded folder, deleted after install
     * @param license the weights' licence from the repo's config.json, empty if none
     */
    public record Built(
            HubModel model,
            Path building,
            Path target,
            String commit,
            long timmParams,
            ResNetOnnxBuilder.Figures figures,
            int[] inputSize,
            int numClasses,
            Path downloads,
            String license) {
        /** Moves the built file into place (atomically where the file system can) and tidies up. */
        public Path install() throws HubException {
            try {
                try {
                    Files.move(
                            building,
                            target,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(building, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new HubException(
                        "cannot move the model into " + target + ": " + e.getMessage(), e);
            }
            deleteTree(downloads);
            try {
                // The shared .downloads folder goes too once nothing else is in it.
                Files.deleteIfExists(downloads.getParent());
            } catch (IOException e) {
                LOG.debug("{} stays: {}", downloads.getParent(), e.getMessage());
            }
            return target;
        }

        /** Deletes the built file (it failed its check); the downloads stay for inspection. */
        public void discard() {
            try {
                Files.deleteIfExists(building);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", building, e.getMessage());
            }
        }
    }

    private final HubDownloader downloader;
    private final String endpoint;
    private final String producerVersion;

    /**
     * @param client HTTP client (see {@link HubDownloader#defaultClient()})
     * @param endpoint Hub URL
     * @param producerVersion our version, recorded in the metadata
     */
    public HubImporter(HttpClient client, String endpoint, String producerVersion) {
        this.downloader = new HubDownloader(client, endpoint);
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.producerVersion = producerVersion;
    }

    /** Where {@code model} ends up in {@code outDir}. */
    public static Path targetFile(Path outDir, HubModel model) {
        return outDir.resolve(model.id() + ".onnx");
    }

    /**
     * Downloads and builds {@code model} into {@code outDir} (not yet installed, see {@link
     * Built}).
     *
     * @param revision branch, tag or commit ("main" for the newest)
     * @throws HubException with a message in words for every failure
     */
    public Built fetchAndBuild(
            HubModel model,
            String revision,
            Path outDir,
            Listener listener,
            BooleanSupplier cancelled)
            throws HubException {
        Path downloads = outDir.resolve(".downloads").resolve(model.repo().replace('/', '+'));
        try {
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new HubException("cannot create " + downloads + ": " + e.getMessage(), e);
        }
        String id = model.id();
        listener.step(id, "config.json");
        HubDownloader.Result cfgFile =
                downloader.download(
                        model.repo(),
                        revision,
                        "config.json",
                        downloads.resolve("config.json"),
                        0,
                        (f, d, t) -> listener.bytes(id, d, t),
                        cancelled);
        // Fetch the weights from the very commit the config came from (the branch may move).
        String commit = cfgFile.commit();
        String weightsRevision = commit.isEmpty() ? revision : commit;
        HubConfig config = HubConfig.read(cfgFile.file());
        ResNetArchitecture arch = architecture(model, config);

        listener.step(id, "model.safetensors");
        long expected = model.card() != null ? model.card().fileSize() : 0;
        HubDownloader.Result weights =
                downloader.download(
                        model.repo(),
                        weightsRevision,
                        "model.safetensors",
                        downloads.resolve("model.safetensors"),
                        expected,
                        (f, d, t) -> listener.bytes(id, d, t),
                        cancelled);
        if (commit.isEmpty()) {
            commit = weights.commit();
        }

        listener.step(id, "building");
        Path building = outDir.resolve(".downloads").resolve(id + ".onnx.building");
        try (Safetensors st = Safetensors.open(weights.file())) {
            OnnxModelWriter writer =
                    new OnnxModelWriter("main_graph", OPSET)
                            .producer("resnext-explorer hub import", producerVersion);
            ResNetOnnxBuilder.Figures figures =
                    ResNetOnnxBuilder.build(
                            arch,
                            st,
                            config.numClasses(),
                            config.inputSize()[1],
                            config.inputSize()[2],
                            writer);
            long fileParams = ResNetOnnxBuilder.fileParameters(st);
            if (fileParams != figures.params()) {
                throw new HubException(
                        model.repo()
                                + ": the weights hold "
                                + fileParams
                                + " parameters, "
                                + arch.timmName()
                                + " has "
                                + figures.params());
            }
            metadata(writer, model, config, figures, commit, weights);
            try {
                writer.write(building);
            } catch (UncheckedIOException e) {
                throw new HubException("cannot read the weights: " + e.getCause().getMessage(), e);
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                throw new HubException(
                        (m.toLowerCase().contains("no space") ? "the disk is full: " : "")
                                + "cannot write "
                                + building
                                + ": "
                                + m,
                        e);
            }
            return new Built(
                    model,
                    building,
                    targetFile(outDir, model),
                    commit,
                    fileParams,
                    figures,
                    config.inputSize(),
                    config.numClasses(),
                    downloads,
                    config.license());
        } catch (IOException e) {
            throw new HubException("cannot close " + weights.file() + ": " + e.getMessage(), e);
        }
    }

    private static ResNetArchitecture architecture(HubModel model, HubConfig config)
            throws HubException {
        ResNetArchitecture arch =
                ResNetArchitecture.forName(config.architecture())
                        .orElseThrow(
                                () ->
                                        new HubException(
                                                model.repo()
                                                        + " is a "
                                                        + config.architecture()
                                                        + ", which the Java import does not build; use onnx-export"));
        if (!config.architecture().equals(model.timmName())) {
            throw new HubException(
                    model.repo()
                            + " holds a "
                            + config.architecture()
                            + ", not a "
                            + model.timmName());
        }
        return arch.withModelArgs(config.modelArgs());
    }

    private void metadata(
            OnnxModelWriter w,
            HubModel model,
            HubConfig config,
            ResNetOnnxBuilder.Figures figures,
            String commit,
            HubDownloader.Result weights)
            throws HubException {
        List<String> labels =
                config.numClasses() == 1000
                        ? ImageNetLabels.get()
                        : classLabels(config.numClasses());
        Map<String, Object> origin = new LinkedHashMap<>();
        String url =
                endpoint
                        + "/"
                        + model.repo()
                        + "/resolve/"
                        + (commit.isEmpty() ? "main" : commit)
                        + "/model.safetensors";
        if (config.untrained()) {
            // Test fixtures: untrained weights served Hub-style must never pass for predictions.
            origin.put("kind", "random-init");
            origin.put("seed", config.weights().path("seed").asInt(0));
        } else {
            origin.put("kind", "pretrained");
            origin.put("tag", model.tag());
        }
        origin.put("hf_hub_id", model.repo());
        origin.put("url", url);
        origin.put("commit", commit);
        origin.put("sha256", weights.sha256());
        origin.put("license", config.license());

        w.metadata(MetadataKeys.SCHEMA, String.valueOf(MetadataKeys.SCHEMA_VERSION));
        w.metadata(MetadataKeys.ID, model.id());
        w.metadata(MetadataKeys.TIMM_NAME, model.timmName());
        w.metadata(MetadataKeys.TIMM_TAG, model.tag());
        w.metadata(MetadataKeys.NUM_CLASSES, String.valueOf(config.numClasses()));
        w.metadata(MetadataKeys.LABELS, json(labels));
        w.metadata(MetadataKeys.PREPROCESS, json(config.preprocess()));
        if (model.card() != null) {
            HubModel.Card c = model.card();
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("params", c.params());
            card.put("flops", c.flops());
            card.put("file_size", c.fileSize());
            card.put("top1", c.top1());
            card.put("top5", c.top5());
            card.put(
                    "source",
                    "published on timm's model card (huggingface.co/" + model.repo() + ")");
            w.metadata(MetadataKeys.CARD, json(card));
        }
        w.metadata(MetadataKeys.WEIGHTS, json(origin));
        w.metadata(MetadataKeys.SOURCE_PARAMS, String.valueOf(figures.params()));
        w.metadata(MetadataKeys.SOURCE_MACS, String.valueOf(figures.macs()));
        w.metadata(MetadataKeys.REFERENCE, json(figures.reference()));
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("resnext_explorer", producerVersion);
        versions.put("java", System.getProperty("java.version", ""));
        versions.put("builder", "hub import (Java)");
        w.metadata(MetadataKeys.VERSIONS, json(versions));
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("logits", "logits");
        outputs.put("features", "features");
        w.metadata(MetadataKeys.OUTPUTS, json(outputs));
    }

    private static List<String> classLabels(int n) {
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add("class " + i);
        }
        return l;
    }

    private static String json(Object v) throws HubException {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new HubException("cannot write metadata: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    LOG.warn("could not delete {}: {}", p, e.getMessage());
                                }
                            });
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", dir, e.getMessage());
        }
    }
}
