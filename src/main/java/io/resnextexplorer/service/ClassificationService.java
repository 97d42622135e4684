package io.resnextexplorer.service;

import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.imageio.ImageDecoder;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.inference.InferenceException;
import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.inference.OnnxClassifier;
import io.resnextexplorer.metadata.MetadataException;
import io.resnextexplorer.metadata.ModelMetadataReader;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelOutputs;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.postprocess.GlobalAveragePool;
import io.resnextexplorer.postprocess.TopK;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.preprocess.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classify use-case shared by the GUI and the CLI: load a model file, decode an image,
 * preprocess it as the model's metadata says, run it, and rank the classes. Every method may be
 * slow (I/O, native inference): call them off the FX thread. Methods are thread-safe.
 */
public final class ClassificationService {
    private final ImageDecoder decoder;

    public ClassificationService() {
        this(new ImageDecoder());
    }

    public ClassificationService(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Opens a model file on the requested provider (falling back to the CPU when CUDA cannot be
     * used; see {@link LoadedModel#provider()}).
     *
     * @throws InferenceException when the file is missing, not ONNX, or not an image classifier
     * @throws MetadataException when our metadata in it is malformed
     */
    public LoadedModel load(Path file, ExecutionProvider provider) {
        return load(file, provider, InferenceOptions.defaults());
    }

    /** Like {@link #load(Path, ExecutionProvider)}, with these ONNX Runtime session options. */
    public LoadedModel load(Path file, ExecutionProvider provider, InferenceOptions options) {
        HeatmapLoader.Prepared prepared = HeatmapLoader.prepare(file);
        OnnxClassifier classifier;
        HeatmapSupport support = prepared.support();
        if (prepared.appended() != null) {
            try {
                classifier = OnnxClassifier.open(file, prepared.appended(), provider, options);
            } catch (InferenceException e) {
                // The file itself may still load: classify without heatmaps, and say why.
                classifier = OnnxClassifier.open(file, provider, options);
                support =
                        HeatmapSupport.unavailable(
                                "ONNX Runtime refused the extra feature outputs: "
                                        + e.getMessage());
            }
        } else {
            classifier = OnnxClassifier.open(file, provider, options);
        }
        try {
            ModelInfo info =
                    ModelMetadataReader.read(
                            file,
                            Files.size(file),
                            classifier.metadata(),
                            classifier.signature(),
                            opset(file));
            if (support.available() && !prepared.logitsOutput().equals(info.logitsOutput())) {
                support =
                        HeatmapSupport.unavailable(
                                "the pooled linear layer does not write the logits output "
                                        + info.logitsOutput());
            }
            if (support.available() && support.head().classes() != info.numClasses()) {
                support =
                        HeatmapSupport.unavailable(
                                "the classifier weights have "
                                        + support.head().classes()
                                        + " rows for "
                                        + info.numClasses()
                                        + " classes");
            }
            info = support.available() ? HeatmapLoader.withRoles(info, support) : info;
            PreprocessSpec spec = info.preprocess();
            return new LoadedModel(classifier, info, new Preprocessor(spec), support);
        } catch (IOException e) {
            classifier.close();
            throw new InferenceException("could not read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** See {@link OnnxClassifier#useNativeLibraryFolder}: before any model is loaded. */
    public static void useNativeLibraryFolder(Path root) {
        OnnxClassifier.useNativeLibraryFolder(root);
    }

    /**
     * Does the one-time work of the first model load ahead of it (ONNX Runtime's native library and
     * environment, the metadata parser): the window calls it while JavaFX starts.
     */
    public static void warmUp() {
        OnnxClassifier.warmUp();
        ModelMetadataReader.warmUp();
    }

    /** The default-domain opset, read from the file's header fields without its tensors. */
    private static Long opset(Path file) throws IOException {
        long opset = OnnxGraphReader.readProperties(file).defaultOpset();
        return opset > 0 ? opset : null;
    }

    /** Decodes an image file to RGB (format from content, EXIF orientation applied). */
    public DecodedImage decode(Path image) throws ImageReadException {
        return decoder.decode(image);
    }

    /** Decodes image bytes (a download, a clipboard or a drag) to RGB. */
    public DecodedImage decode(byte[] data, String name) throws ImageReadException {
        return decoder.decode(data, name);
    }

    /** Decodes and classifies one image file; the timings include decoding. */
    public Classification classify(LoadedModel model, Path image, int topK, boolean withLogits)
            throws ImageReadException {
        long t0 = System.nanoTime();
        DecodedImage decoded = decode(image);
        double decodeMs = (System.nanoTime() - t0) / 1e6;
        Classification c = classify(model, decoded.image(), topK, withLogits);
        return c.withTimings(c.timings().withDecode(decodeMs));
    }

    /** Classifies an already decoded image (decode time 0 in the result). */
    public Classification classify(
            LoadedModel model, DecodedImage image, int topK, boolean withLogits) {
        return classify(model, image.image(), topK, withLogits);
    }

    /**
     * Classifies an RGB image.
     *
     * @param topK how many classes to return, clamped to the number of classes
     * @param withLogits whether to include all logits in the result
     */
    public Classification classify(
            LoadedModel model, RgbImage image, int topK, boolean withLogits) {
        return classify(model, image, topK, withLogits, List.of());
    }

    /**
     * Classifies an RGB image and also returns the outputs playing {@code extraRoles} (e.g.
     * "features", or {@link Classification#EMBEDDING} for the pooled features [1, C]); a role the
     * model does not have is left out of the result.
     */
    public Classification classify(
            LoadedModel model,
            RgbImage image,
            int topK,
            boolean withLogits,
            List<String> extraRoles) {
        ModelInfo info = model.info();
        PreprocessSpec spec = info.preprocess();
        OutputRoles roles = info.outputRoles();
        List<String> fetch = outputsToFetch(model, extraRoles);
        HeatmapSupport heat = model.heatmap();
        long t0 = System.nanoTime();
        float[] input = model.preprocessor().preprocess(image);
        long t1 = System.nanoTime();
        ModelOutputs outputs =
                new ModelOutputs(
                        model.classifier()
                                .run(input, 1, spec.inputHeight(), spec.inputWidth(), fetch),
                        roles);
        long t2 = System.nanoTime();
        List<Prediction> top = new TopK(topK).process(outputs, info, 0);
        Map<String, Tensor> extra = new LinkedHashMap<>();
        if (heat.available()) {
            extra.putAll(HeatmapLoader.keep(outputs, heat));
        }
        for (String role : extraRoles) {
            if (role.equals(Classification.EMBEDDING)) {
                Tensor f = outputs.role(OutputRoles.FEATURES);
                if (f != null) {
                    extra.put(role, GlobalAveragePool.pool(f));
                }
                continue;
            }
            Tensor t = outputs.role(role);
            if (t != null) {
                extra.put(role, t);
            }
        }
        long t3 = System.nanoTime();
        return new Classification(
                top,
                withLogits ? outputs.logits().item(0) : null,
                extra,
                new Timings(0, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6),
                model.provider().used().name());
    }

    /**
     * What the model sees of {@code image} before normalisation: resized and center-cropped as its
     * metadata says.
     *
     * @return an {@code inputWidth x inputHeight} 8-bit RGB image
     */
    public RgbImage modelInput(LoadedModel model, RgbImage image) {
        return model.preprocessor().resizeAndCrop(image);
    }

    /**
     * Why this build cannot run on {@code provider}, or null when it can try it.
     *
     * <p>CUDA needs ONNX Runtime's GPU build ({@code mvn -Pgpu package}); the CPU always works.
     */
    public String unavailableReason(ExecutionProvider provider) {
        if (provider == ExecutionProvider.CUDA && !OnnxClassifier.cudaInThisBuild()) {
            return "This build uses the CPU-only ONNX Runtime; build with 'mvn -Pgpu package' for"
                    + " CUDA.";
        }
        return null;
    }

    /**
     * The graph outputs one classification fetches: the logits, the heatmap outputs when the model
     * has them (so a heatmap for any class needs no second pass), and {@code extraRoles}.
     */
    static List<String> outputsToFetch(LoadedModel model, List<String> extraRoles) {
        OutputRoles roles = model.info().outputRoles();
        List<String> fetch = new ArrayList<>();
        fetch.add(roles.logits());
        HeatmapSupport heat = model.heatmap();
        if (heat.available()) {
            for (String role : HeatmapLoader.roles(heat)) {
                String name = roles.name(role);
                if (name != null && !fetch.contains(name)) {
                    fetch.add(name);
                }
            }
        }
        for (String asked : extraRoles) {
            // The embedding is pooled here from the feature map, so only C values per image need
            // be kept (the map itself is 49x bigger at 224 px).
            String role = asked.equals(Classification.EMBEDDING) ? OutputRoles.FEATURES : asked;
            String name = roles.name(role);
            if (name != null && !fetch.contains(name)) {
                fetch.add(name);
            }
        }
        return fetch;
    }

    /** The region of an image of this size that the model sees, in the image's own pixels. */
    public CropGeometry cropGeometry(LoadedModel model, int imageWidth, int imageHeight) {
        return model.preprocessor().cropGeometry(imageWidth, imageHeight);
    }
}
