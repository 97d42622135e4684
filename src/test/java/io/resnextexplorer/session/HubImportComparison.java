package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.onnx.OnnxModel;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Java-built ONNX against what Python made from the same weights: the Python exporter's
 * ONNX (same metadata, logits within float32 noise on the test images) and timm's own pipeline
 * (same top-5, logits within float32 noise; our preprocessing is exact to the 8-bit crop, see
 * FixtureFidelityTest).
 *
 * <p>"Float32 noise" is measured, as the exporter's self-check does: the Python exporter's own ONNX
 * differs from timm's torch float32 run by float32 rounding alone (a different summation order).
 * The Java-built graph passes when it is within {@link #NOISE_MULTIPLE} times that difference of
 * both, plus {@link #NOISE_FLOOR} of the logits' RMS (for shallow models where the two happen to
 * agree to a few ulps).
 */
final class HubImportComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClassificationService SERVICE = new ClassificationService();

    /** Keys whose values differ by design: tool versions, and where the weights came from. */
    private static final Set<String> OWN_KEYS =
            Set.of(
                    "resnext_explorer.versions",
                    "resnext_explorer.weights",
                    "resnext_explorer.reference");

    static final double NOISE_MULTIPLE = 4.0;
    static final double NOISE_FLOOR = 1e-5;

    /**
     * Largest differences seen, relative to the logits' RMS: java vs python onnx, java vs timm, and
     * the noise yardstick python onnx vs timm.
     */
    record Figures(double vsPython, double vsTimm, double pythonVsTimm, int images) {}

    private HubImportComparison() {}

    static Figures compare(Path javaOnnx, Path pythonOnnx, Path expectedJson, Path images)
            throws Exception {
        JsonNode expected = JSON.readTree(expectedJson.toFile());
        OnnxModel javaGraph = OnnxGraphReader.read(javaOnnx);
        OnnxModel pythonGraph = OnnxGraphReader.read(pythonOnnx);
        Map<String, String> jm = javaGraph.metadata();
        Map<String, String> pm = pythonGraph.metadata();
        for (Map.Entry<String, String> e : pm.entrySet()) {
            if (e.getKey().startsWith("resnext_explorer.") && !OWN_KEYS.contains(e.getKey())) {
                assertThat(jm.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(jm.keySet()).containsAll(pm.keySet());
        // The reference figures counted on the torch model: per-stage params and MACs.
        JsonNode jr = JSON.readTree(jm.get("resnext_explorer.reference"));
        JsonNode pr = JSON.readTree(pm.get("resnext_explorer.reference"));
        assertThat(jr.get("stages")).isEqualTo(pr.get("stages"));
        assertThat(jr.get("torch_flop_counter_flops"))
                .isEqualTo(pr.get("torch_flop_counter_flops"));
        assertThat(Long.parseLong(jm.get("resnext_explorer.source_params")))
                .isEqualTo(expected.get("params").asLong());
        assertThat(javaGraph.properties().opsetImports().get("")).isEqualTo(18L);

        double vsPython = 0;
        double vsTimm = 0;
        double pythonVsTimm = 0;
        int n = 0;
        try (LoadedModel java = SERVICE.load(javaOnnx, ExecutionProvider.CPU);
                LoadedModel python = SERVICE.load(pythonOnnx, ExecutionProvider.CPU)) {
            assertThat(java.info().weights().untrained())
                    .as("untrained fixture weights are flagged")
                    .isTrue();
            List<Path> files;
            try (var s = Files.list(images)) {
                files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            }
            for (Path image : files) {
                JsonNode timm = expected.at("/images/" + image.getFileName());
                assertThat(timm.isMissingNode()).as("timm figures for " + image).isFalse();
                Classification cj = SERVICE.classify(java, image, 5, true);
                Classification cp = SERVICE.classify(python, image, 5, true);
                float[] timmLogits = floats(timm.get("logits"));
                double r = rms(timmLogits);
                pythonVsTimm = Math.max(pythonVsTimm, maxDiff(cp.logits(), timmLogits) / r);
                vsPython = Math.max(vsPython, maxDiff(cj.logits(), cp.logits()) / r);
                vsTimm = Math.max(vsTimm, maxDiff(cj.logits(), timmLogits) / r);
                List<Integer> top = cj.top().stream().map(Prediction::index).toList();
                List<Integer> timmTop = new ArrayList<>();
                timm.get("top5").forEach(v -> timmTop.add(v.asInt()));
                assertThat(top).as("top-5 of " + image.getFileName()).isEqualTo(timmTop);
                assertThat(top).isEqualTo(cp.top().stream().map(Prediction::index).toList());
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(5);
        System.out.printf(
                "hub import %s over %d images, max logit differences relative to the logits' RMS:"
                        + " java-python onnx %.2e, java-timm %.2e; float32 yardstick python"
                        + " onnx-timm %.2e%n",
                javaOnnx.getFileName(), n, vsPython, vsTimm, pythonVsTimm);
        double limit = NOISE_MULTIPLE * pythonVsTimm + NOISE_FLOOR;
        assertThat(vsPython).as("java vs python onnx").isLessThanOrEqualTo(limit);
        assertThat(vsTimm).as("java vs timm").isLessThanOrEqualTo(limit);
        return new Figures(vsPython, vsTimm, pythonVsTimm, n);
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.get(i).asDouble();
        }
        return f;
    }

    private static double rms(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s / v.length);
    }

    private static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
