package io.resnextexplorer.app;

import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.InspectionService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.ui.common.CropBox;
import io.resnextexplorer.ui.common.ExplorerBackend;
import io.resnextexplorer.ui.common.GraphFigures;
import io.resnextexplorer.ui.common.ModelHandle;
import io.resnextexplorer.ui.common.Picture;
import java.nio.file.Path;

/**
 * The GUI's backend on the real {@link ClassificationService}: the seam between the view models
 * (which only know {@link ExplorerBackend}) and the service layer. Adds the decode time to each
 * result, since the GUI decodes once and classifies the decoded image with every model.
 */
final class ServiceBackend implements ExplorerBackend {
    private final ClassificationService service;
    private final InspectionService inspection = new InspectionService();

    ServiceBackend() {
        this(new ClassificationService());
    }

    ServiceBackend(ClassificationService service) {
        this.service = service;
    }

    record Model(LoadedModel loaded) implements ModelHandle {
        @Override
        public ModelInfo info() {
            return loaded.info();
        }

        @Override
        public ProviderStatus provider() {
            return loaded.provider();
        }

        @Override
        public void close() {
            loaded.close();
        }
    }

    record DecodedPicture(DecodedImage decoded, double decodeMs) implements Picture {
        @Override
        public io.resnextexplorer.model.RgbImage image() {
            return decoded.image();
        }

        @Override
        public String format() {
            return decoded.format().displayName();
        }
    }

    @Override
    public ModelHandle load(Path onnx, ExecutionProvider provider) {
        return new Model(service.load(onnx, provider));
    }

    @Override
    public Picture decode(Path file) {
        long t0 = System.nanoTime();
        try {
            return new DecodedPicture(service.decode(file), (System.nanoTime() - t0) / 1e6);
        } catch (ImageReadException e) { // its message is written for people
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public Picture decode(byte[] data, String name) {
        long t0 = System.nanoTime();
        try {
            return new DecodedPicture(service.decode(data, name), (System.nanoTime() - t0) / 1e6);
        } catch (ImageReadException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public Classification classify(
            ModelHandle model, Picture picture, int topK, boolean withLogits) {
        DecodedPicture p = (DecodedPicture) picture;
        Classification c =
                service.classify(((Model) model).loaded(), p.decoded(), topK, withLogits);
        Timings t = c.timings();
        return new Classification(
                c.top(),
                c.logits(),
                new Timings(p.decodeMs(), t.preprocessMs(), t.inferenceMs()),
                c.provider());
    }

    @Override
    public CropBox cropBox(ModelHandle model, int imageWidth, int imageHeight) {
        CropGeometry g = service.cropGeometry(((Model) model).loaded(), imageWidth, imageHeight);
        return new CropBox(g.sourceX(), g.sourceY(), g.sourceWidth(), g.sourceHeight());
    }

    @Override
    public GraphFigures inspect(Path onnx) {
        InspectionReport r;
        try {
            r = inspection.inspect(onnx, false); // the card shows figures, not the file's hash
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
        return new GraphFigures(
                r.initializerParams(),
                r.totalMacs(),
                r.complete(),
                r.stages().stream()
                        .map(
                                st ->
                                        new GraphFigures.Stage(
                                                st.name(),
                                                st.params(),
                                                st.macs(),
                                                st.macsPercent()))
                        .toList());
    }

    @Override
    public void close() {
        if (((Object) service) instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ServiceBackend.class)
                        .warn("closing the service", e);
            }
        }
    }
}
