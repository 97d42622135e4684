package io.resnextexplorer.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelSignature;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The card's source names something a user can look up. */
class CardSourceTest {
    private static final ModelSignature SIGNATURE =
            new ModelSignature(
                    "input", new long[] {1, 3, 224, 224}, Map.of("logits", new long[] {1, 1000}));

    private static ModelInfo read(String cardSource) {
        Map<String, String> metadata =
                Map.of(
                        MetadataKeys.TIMM_NAME, "resnext50_32x4d",
                        MetadataKeys.TIMM_TAG, "ra_in1k",
                        MetadataKeys.CARD, "{\"top1\": 79.79, \"source\": \"" + cardSource + "\"}");
        return ModelMetadataReader.read(Path.of("m.onnx"), 1, metadata, SIGNATURE, null);
    }

    @Test
    void olderExportsCitingTheInternalListNameTheTimmModelCard() {
        assertThat(read("timm model card, as listed in seed-models.md").card().source())
                .isEqualTo(
                        "published on timm's model card"
                                + " (huggingface.co/timm/resnext50_32x4d.ra_in1k)");
    }

    @Test
    void anyOtherSourceIsShownAsWritten() {
        assertThat(read("my own benchmark, 2026").card().source())
                .isEqualTo("my own benchmark, 2026");
    }
}
