package io.resnextexplorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our pipeline against timm's own, on the committed fixtures (tiny ResNeXt-shaped models with
 * bicubic/0.95 and bilinear/0.875 preprocessing, non-square and gray images, one smaller than the
 * crop): the 8-bit crop must be identical, the normalized tensor equal to float precision, the
 * logits and features within 1e-4 of torch, and the top-5 the same. Goldens come from
 * onnx-export/make_fixtures.py (timm's resolve_data_config + create_transform, torch forward).
 */
class FixtureFidelityTest {
    private static final Path FIXTURES =
            ExportedModels.projectRoot().resolve("src/test/resources/fixtures");
    private static final ClassificationService SERVICE = new ClassificationService();
    private static final Map<String, LoadedModel> MODELS = new HashMap<>();
    private static final List<double[]> FIGURES = new ArrayList<>();

    static Stream<Arguments> cases() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(FIXTURES.resolve("manifest.json").toFile());
        Map<String, String> imageFiles = new HashMap<>();
        manifest.get("images")
                .forEach(i -> imageFiles.put(i.get("name").asText(), i.get("file").asText()));
        List<Arguments> cases = new ArrayList<>();
        manifest.get("cases")
                .forEach(
                        c ->
                                cases.add(
                                        Arguments.of(
                                                c.get("model").asText(),
                                                c.get("image").asText(),
                                                imageFiles.get(c.get("image").asText()),
                                                c)));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        return cases.stream();
    }

    private static synchronized LoadedModel model(String id) {
        return MODELS.computeIfAbsent(
                id, k -> SERVICE.load(FIXTURES.resolve(k + ".onnx"), ExecutionProvider.CPU));
    }

    @AfterAll
    static void closeAndReport() {
        MODELS.values().forEach(LoadedModel::close);
        double crop = 0, input = 0, logits = 0, features = 0;
        for (double[] f : FIGURES) {
            crop = Math.max(crop, f[0]);
            input = Math.max(input, f[1]);
            logits = Math.max(logits, f[2]);
            features = Math.max(features, f[3]);
        }
        System.out.printf(
                "fixture parity over %d cases: max |crop diff| %.0f (8-bit units), max |input diff|"
                        + " %.3g, max |logit diff| %.3g, max |feature diff| %.3g%n",
                FIGURES.size(), crop, input, logits, features);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void matchesTimmFromPixelsToTopFive(
            String modelId, String imageName, String imageFile, JsonNode golden) throws Exception {
        LoadedModel model = model(modelId);
        DecodedImage decoded = SERVICE.decode(FIXTURES.resolve(imageFile));

        CropGeometry geometry =
                SERVICE.cropGeometry(model, decoded.image().width(), decoded.image().height());
        assertThat(geometry.resizedWidth()).isEqualTo(golden.at("/resize/width").asInt());
        assertThat(geometry.resizedHeight()).isEqualTo(golden.at("/resize/height").asInt());
        assertThat(geometry.cropX()).isEqualTo(golden.at("/crop_box/left").asInt());
        assertThat(geometry.cropY()).isEqualTo(golden.at("/crop_box/top").asInt());

        RgbImage crop = model.preprocessor().resizeAndCrop(decoded.image());
        byte[] goldenCrop =
                Files.readAllBytes(FIXTURES.resolve(golden.at("/crop_rgb/file").asText()));
        double cropDiff = maxByteDiff(crop.rgb(), goldenCrop);
        assertThat(cropDiff).as("8-bit crop difference").isZero();

        float[] input = model.preprocessor().toTensor(crop);
        double inputDiff = maxDiff(input, floats(golden.at("/input/file").asText()));
        assertThat(inputDiff).isLessThanOrEqualTo(1e-6);

        int h = model.info().preprocess().inputHeight();
        int w = model.info().preprocess().inputWidth();
        Map<String, Tensor> out =
                model.classifier()
                        .run(
                                input,
                                1,
                                h,
                                w,
                                List.of(
                                        model.info().logitsOutput(),
                                        model.info().featuresOutput()));
        double logitDiff =
                maxDiff(
                        out.get(model.info().logitsOutput()).data(),
                        floats(golden.at("/logits/file").asText()));
        double featureDiff =
                maxDiff(
                        out.get(model.info().featuresOutput()).data(),
                        floats(golden.at("/features/file").asText()));
        assertThat(logitDiff).isLessThanOrEqualTo(1e-4);
        assertThat(featureDiff).isLessThanOrEqualTo(1e-4);

        Classification c = SERVICE.classify(model, decoded, 5, false);
        List<Integer> top5 = c.top().stream().map(Prediction::index).toList();
        List<Integer> goldenTop5 = new ArrayList<>();
        golden.get("top5").forEach(n -> goldenTop5.add(n.asInt()));
        assertThat(top5).isEqualTo(goldenTop5);
        synchronized (FIGURES) {
            FIGURES.add(new double[] {cropDiff, inputDiff, logitDiff, featureDiff});
        }
    }

    private static float[] floats(String relative) throws IOException {
        ByteBuffer b =
                ByteBuffer.wrap(Files.readAllBytes(FIXTURES.resolve(relative)))
                        .order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    private static double maxByteDiff(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        int m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return m;
    }
}
