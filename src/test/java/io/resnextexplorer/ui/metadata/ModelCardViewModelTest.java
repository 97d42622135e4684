package io.resnextexplorer.ui.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.metadata.MetadataKeys;
import io.resnextexplorer.metadata.ModelMetadataReader;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelSignature;
import io.resnextexplorer.model.ProviderStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardViewModelTest {
    @Test
    void aFineTuneCardSaysWhereItStartedAndShowsNoPublishedFigures() {
        Map<String, String> m = new HashMap<>();
        m.put(MetadataKeys.SCHEMA, "1");
        m.put(MetadataKeys.ID, "ft5");
        m.put(MetadataKeys.NUM_CLASSES, "5");
        m.put(
                MetadataKeys.WEIGHTS,
                "{\"kind\": \"checkpoint\", \"file\": \"ft5.pth\", \"sha256\": \"ab\","
                        + " \"base_model\": \"resnext50_32x4d\"}");
        ModelInfo info =
                ModelMetadataReader.read(
                        Path.of("ft5.onnx"),
                        92_000_000L,
                        m,
                        new ModelSignature(
                                "input",
                                new long[] {-1, 3, 224, 224},
                                Map.of("logits", new long[] {-1, 5})),
                        17L);

        List<CardRow> rows =
                ModelCardViewModel.rows(
                        info,
                        new ProviderStatus(ExecutionProvider.CPU, ExecutionProvider.CPU, ""),
                        null,
                        null);

        CardRow weights = row(rows, "Weights");
        assertThat(weights.note()).startsWith("fine-tuned from resnext50_32x4d, 5 classes");
        assertThat(row(rows, "Id").value()).isEqualTo("ft5");
        assertThat(row(rows, "Top-1 / Top-5 (card)").value()).doesNotContain("%");
        assertThat(row(rows, "Parameters").value()).doesNotContain("card");
    }

    @Test
    void anInt8CardSaysHowItWasQuantizedAndKeepsTheFp32WeightsOrigin() {
        Map<String, String> m = new HashMap<>();
        m.put(MetadataKeys.SCHEMA, "1");
        m.put(MetadataKeys.ID, "resnext50_32x4d-int8");
        m.put(MetadataKeys.WEIGHTS, "{\"kind\": \"random-init\", \"seed\": 0}");
        m.put(
                MetadataKeys.QUANTIZATION,
                "{\"method\":\"static\",\"format\":\"QDQ\",\"activations\":\"uint8\","
                        + "\"weights\":\"int8\",\"per_channel\":true,"
                        + "\"calibration_images\":8,\"calibration_source\":\"bundled\"}");
        ModelInfo info =
                ModelMetadataReader.read(
                        Path.of("resnext50_32x4d-int8.onnx"),
                        32_000_000L,
                        m,
                        new ModelSignature(
                                "input",
                                new long[] {-1, 3, 224, 224},
                                Map.of("logits", new long[] {-1, 1000})),
                        18L);

        List<CardRow> rows =
                ModelCardViewModel.rows(
                        info,
                        new ProviderStatus(ExecutionProvider.CPU, ExecutionProvider.CPU, ""),
                        null,
                        null);

        assertThat(row(rows, "Quantization").value())
                .isEqualTo("int8 (static, per-channel U8S8 QDQ, calibrated on 8 bundled images)");
        assertThat(row(rows, "Weights").value()).isEqualTo("UNTRAINED (random-init)");
        assertThat(row(rows, "Id").value()).isEqualTo("resnext50_32x4d-int8");
    }

    private static CardRow row(List<CardRow> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
