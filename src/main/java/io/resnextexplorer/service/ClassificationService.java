package io.resnextexplorer.service;

import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.imageio.ImageDecoder;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.inference.InferenceException;
import io.resnextexplorer.inference.OnnxClassifier;
import io.resnextexplorer.metadata.MetadataException;
import io.resnextexplorer.metadata.ModelMetadataReader;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.preprocess.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        OnnxClassifier classifier = OnnxClassifier.open(file, provider);
        try {
            ModelInfo info =
                    ModelMetadataReader.read(
                            file,
                            Files.size(file),
                            classifier.metadata(),
                            classifier.signature(),
                            classifier.logitsOutput(),
                            classifier.featuresOutput(),
                            opset(file));
            PreprocessSpec spec = info.preprocess();
            return new LoadedModel(classifier, info, new Preprocessor(spec));
        } catch (IOException e) {
            classifier.close();
            throw new InferenceException("could not read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
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
        Timings t = c.timings();
        return new Classification(
                c.top(),
                c.logits(),
                new Timings(decodeMs, t.preprocessMs(), t.inferenceMs()),
                c.provider());
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
        PreprocessSpec spec = model.info().preprocess();
        long t0 = System.nanoTime();
        float[] input = model.preprocessor().preprocess(image);
        long t1 = System.nanoTime();
        OnnxClassifier.Output out =
                model.classifier().run(input, 1, spec.inputHeight(), spec.inputWidth(), false);
        long t2 = System.nanoTime();
        List<Prediction> top = topK(out.logits(), model.info().labels(), topK);
        return new Classification(
                top,
                withLogits ? out.logits() : null,
                new Timings(0, (t1 - t0) / 1e6, (t2 - t1) / 1e6),
                model.provider().used().name());
    }

    /** The region of an image of this size that the model sees, in the image's own pixels. */
    public CropGeometry cropGeometry(LoadedModel model, int imageWidth, int imageHeight) {
        return model.preprocessor().cropGeometry(imageWidth, imageHeight);
    }

    /**
     * Softmax over all logits (in double, shifted by the max for stability), then the k largest,
     * ties broken by the lower class index.
     */
    static List<Prediction> topK(float[] logits, List<String> labels, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        int n = Math.min(Math.max(k, 1), logits.length);
        List<Integer> order = new ArrayList<>(logits.length);
        for (int i = 0; i < logits.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : a - b);
        List<Prediction> top = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            int i = order.get(r);
            top.add(new Prediction(i, labels.get(i), Math.exp(logits[i] - max) / sum, logits[i]));
        }
        return top;
    }
}
