package io.resnextexplorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java's maps against torch and numpy on the same timm model, weights and image (goldens made by
 * onnx-export/make_cam_goldens.py): CAM vs Grad-CAM by autograd, Eigen-CAM vs numpy's SVD, stage
 * maps vs forward hooks; for our export, timm's own plain export (weights in a .data file) and the
 * older TorchScript export (GlobalAveragePool + Flatten + Gemm).
 */
@Tag("python")
@Tag("slow")
class HeatmapGoldenTest {
    private static final double TOLERANCE = 1e-3;
    private static Path goldens;
    private static JsonNode manifest;

    private final ClassificationService service = new ClassificationService();
    private final HeatmapService heatmaps = new HeatmapService();

    @TempDir Path tmp;

    @BeforeAll
    static void makeGoldens() throws Exception {
        Path script = ExportedModels.projectRoot().resolve("onnx-export/make_cam_goldens.py");
        String digest =
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256")
                                        .digest(Files.readAllBytes(script)))
                        .substring(0, 12);
        // Keyed by the script's content: an edited script makes new goldens, never stale ones.
        goldens = ExportedModels.projectRoot().resolve("target/cam-goldens/" + digest);
        if (!Files.isRegularFile(goldens.resolve("goldens.json"))) {
            ExportedModels.run(
                    List.of(
                            ExportedModels.python(),
                            script.toString(),
                            "--out",
                            goldens.toString()),
                    10);
        }
        manifest = new ObjectMapper().readTree(goldens.resolve("goldens.json").toFile());
    }

    private Classification classify(LoadedModel model) throws Exception {
        return service.classify(model, goldens.resolve("cat.png"), 5, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cam_ours.onnx", "cam_plain.onnx", "cam_legacy.onnx"})
    void camEqualsTorchGradCamAfterMinMaxScaling(String file) throws Exception {
        try (LoadedModel model = service.load(goldens.resolve(file), ExecutionProvider.CPU)) {
            assertThat(model.heatmap().available()).as(model.heatmap().reason()).isTrue();
            Classification c = classify(model);
            // Same preprocessing and run as torch: the logits agree first.
            float[] logits = c.outputs().get("logits").data();
            for (int i = 0; i < logits.length; i++) {
                assertThat((double) logits[i])
                        .isCloseTo(manifest.get("logits").get(i).asDouble(), within(1e-3));
            }
            for (JsonNode cls : manifest.get("classes")) {
                int k = cls.asInt();
                ActivationMap m = heatmaps.map(model, c, HeatmapMethod.CAM, k);
                float[] golden = npy(goldens.resolve("gradcam_" + k + ".npy"));
                assertThat(maxAbsDiff(m.scaled(), minMax(golden)))
                        .as("class %d", k)
                        .isLessThanOrEqualTo(TOLERANCE);
                // The sanity figure holds with the file's own bias.
                double bias = manifest.get("bias").get(k).asDouble();
                assertThat(m.expectedMean()).isCloseTo(logits[k] - bias, within(1e-4));
                assertThat(m.preReluMean()).isCloseTo(m.expectedMean(), within(1e-4));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cam_ours.onnx", "cam_plain.onnx", "cam_legacy.onnx"})
    void eigenCamEqualsNumpysSvdAndStageMapsEqualTorchsHooks(String file) throws Exception {
        try (LoadedModel model = service.load(goldens.resolve(file), ExecutionProvider.CPU)) {
            Classification c = classify(model);
            ActivationMap eigen = heatmaps.map(model, c, HeatmapMethod.EIGEN_CAM, -1);
            assertThat(maxAbsDiff(eigen.scaled(), minMax(npy(goldens.resolve("eigencam.npy")))))
                    .isLessThanOrEqualTo(TOLERANCE);
            for (JsonNode s : manifest.get("stages")) {
                ActivationMap m = heatmaps.map(model, c, HeatmapMethod.stage(s.asText()), -1);
                float[] golden = npy(goldens.resolve("stage_" + s.asText() + ".npy"));
                assertThat(m.values()).as(s.asText()).hasSameSizeAs(golden);
                assertThat(maxAbsDiff(m.values(), golden)).as(s.asText()).isLessThan(1e-3);
            }
        }
    }

    @Test
    void theNpyFileLoadsWithNumpyAtTheMapsOwnResolution() throws Exception {
        try (LoadedModel model =
                service.load(goldens.resolve("cam_ours.onnx"), ExecutionProvider.CPU)) {
            Classification c = classify(model);
            ActivationMap m = heatmaps.map(model, c, HeatmapMethod.CAM, c.top1().index());
            Path npy = tmp.resolve("map.npy");
            heatmaps.writeRaw(npy, m);
            String printed =
                    ExportedModels.run(
                            List.of(
                                    ExportedModels.python(),
                                    "-c",
                                    "import numpy as np, sys; a = np.load(sys.argv[1]);"
                                            + " print(a.dtype, a.shape, repr(float(a[3, 4])))",
                                    npy.toString()),
                            2);
            assertThat(printed.strip()).isEqualTo("float32 (7, 7) " + pythonRepr(m.at(4, 3)));
        }
    }

    private static String pythonRepr(float v) {
        // Python prints the float64 of the float32 value with repr's shortest round trip.
        return String.valueOf((double) v).replace("E", "e");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    static float[] minMax(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        float[] s = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (v[i] - min) / (max - min);
        }
        return s;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** A little-endian float32 C-order .npy (what numpy.save writes for these arrays). */
    static float[] npy(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int major = b[6];
        int headerLen =
                major == 1
                        ? ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()
                        : ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int start = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(b, 0, start, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False");
        Matcher shape = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
        assertThat(shape.find()).isTrue();
        float[] v = new float[(b.length - start) / 4];
        ByteBuffer.wrap(b, start, b.length - start)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(v);
        return v;
    }
}
