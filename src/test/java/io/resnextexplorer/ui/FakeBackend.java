package io.resnextexplorer.ui;

import io.resnextexplorer.inference.ExecutionProvider;
import io.resnextexplorer.inference.InferenceException;
import io.resnextexplorer.inference.ProviderStatus;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.model.WeightsOrigin;
import io.resnextexplorer.ui.common.CropBox;
import io.resnextexplorer.ui.common.ExplorerBackend;
import io.resnextexplorer.ui.common.ModelHandle;
import io.resnextexplorer.ui.common.Picture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A backend for view tests: decodes with ImageIO, "classifies" deterministically from the mean
 * colour and the model file name, can be slowed down. Never touches ONNX Runtime.
 */
public final class FakeBackend implements ExplorerBackend {
    public volatile long delayMs;
    public final AtomicInteger classifyCalls = new AtomicInteger();
    public final AtomicInteger closedModels = new AtomicInteger();

    record FakePicture(RgbImage image, String format) implements Picture {}

    public final class FakeModel implements ModelHandle {
        private final ModelInfo info;
        private final ProviderStatus provider;

        FakeModel(ModelInfo info, ProviderStatus provider) {
            this.info = info;
            this.provider = provider;
        }

        @Override
        public ModelInfo info() {
            return info;
        }

        @Override
        public ProviderStatus provider() {
            return provider;
        }

        @Override
        public void close() {
            closedModels.incrementAndGet();
        }
    }

    public static ModelInfo info(Path file, boolean untrained) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            labels.add("class " + i);
        }
        String name = file.getFileName().toString().replace(".onnx", "");
        return new ModelInfo(
                name,
                file,
                1234567,
                name,
                "ra_in1k",
                labels,
                PreprocessSpec.defaults(224, 224, Set.of("mean", "std")),
                untrained
                        ? new WeightsOrigin(
                                WeightsOrigin.Kind.RANDOM_INIT, "random-init, seed 0", "seed 0")
                        : new WeightsOrigin(
                                WeightsOrigin.Kind.PRETRAINED,
                                "pretrained timm weights " + name + ".ra_in1k",
                                ""),
                null,
                25_028_904L,
                4_229_923_840L,
                17L,
                "input",
                "logits",
                null,
                Set.of("mean", "std"),
                Map.of(),
                1);
    }

    @Override
    public ModelHandle load(Path onnx, ExecutionProvider provider) {
        sleep();
        if (onnx.getFileName().toString().contains("broken")) {
            throw new InferenceException(
                    "not an ONNX model: " + onnx.getFileName() + " could not be parsed as ONNX");
        }
        ProviderStatus ps =
                provider == ExecutionProvider.CUDA
                        ? new ProviderStatus(
                                provider,
                                ExecutionProvider.CPU,
                                "this build uses the CPU-only ONNX Runtime; running on the CPU")
                        : new ProviderStatus(provider, provider, "");
        return new FakeModel(info(onnx, onnx.getFileName().toString().contains("random")), ps);
    }

    @Override
    public Picture decode(Path file) {
        try {
            return decode(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    @Override
    public Picture decode(byte[] data, String name) {
        sleep();
        BufferedImage bi;
        try {
            bi = ImageIO.read(new ByteArrayInputStream(data));
        } catch (IOException e) {
            bi = null;
        }
        if (bi == null) {
            boolean text = data.length > 0;
            for (int i = 0; i < Math.min(data.length, 512); i++) {
                int b = data[i] & 0xFF;
                if (b < 9 || (b > 13 && b < 32)) {
                    text = false;
                }
            }
            throw new IllegalArgumentException(
                    text ? "not an image: looks like a text file" : "not an image");
        }
        int w = bi.getWidth();
        int h = bi.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = bi.getRGB(x, y);
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new FakePicture(new RgbImage(w, h, rgb), "PNG");
    }

    @Override
    public Classification classify(
            ModelHandle model, Picture picture, int topK, boolean withLogits) {
        sleep();
        classifyCalls.incrementAndGet();
        RgbImage img = picture.image();
        long sum = 0;
        for (byte b : img.rgb()) {
            sum += b & 0xFF;
        }
        long seed = sum * 31 + model.info().id().hashCode();
        java.util.Random r = new java.util.Random(seed);
        float[] logits = new float[1000];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 3);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double total = 0;
        for (float l : logits) {
            total += Math.exp(l - max);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -logits[i]));
        List<Prediction> top = new ArrayList<>();
        for (int k = 0; k < topK; k++) {
            int i = order.get(k);
            top.add(
                    new Prediction(
                            i,
                            model.info().labels().get(i),
                            Math.exp(logits[i] - max) / total,
                            logits[i]));
        }
        return new Classification(
                top,
                withLogits ? logits : null,
                new Timings(1, 2, 3),
                model.provider().used().name());
    }

    @Override
    public CropBox cropBox(ModelHandle model, int w, int h) {
        double side = Math.min(w, h) * 0.875;
        return new CropBox((w - side) / 2, (h - side) / 2, side, side);
    }

    @Override
    public io.resnextexplorer.ui.common.GraphFigures inspect(Path onnx) {
        sleep();
        return new io.resnextexplorer.ui.common.GraphFigures(
                25_000_000L,
                4_260_000_000L,
                true,
                List.of(
                        new io.resnextexplorer.ui.common.GraphFigures.Stage(
                                "stem", 9408, 118_013_952L, 2.8),
                        new io.resnextexplorer.ui.common.GraphFigures.Stage(
                                "layer1", 200_000, 1_000_000_000L, 23.5)));
    }

    @Override
    public void close() {}

    private void sleep() {
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes a w x h PNG of one colour. */
    public static Path png(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int shade = ((x / 16 + y / 16) % 2 == 0) ? rgb : (rgb & 0xFEFEFE) >> 1;
                bi.setRGB(x, y, shade);
            }
        }
        ImageIO.write(bi, "png", file.toFile());
        return file;
    }
}
