package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsExplanationTest {

    private static OnnxNode node(String op) {
        return new OnnxNode("", op, "", List.of(), List.of("y"), Map.of(), Map.of());
    }

    @Test
    void foldedBatchNormIsNamedWhenConvsRemainButNoBatchNormNodes() {
        String s =
                ModelInspector.explainParams(
                        24_960_684, 25_028_904L, List.of(node("Conv"), node("Relu")), 0, 0);

        assertThat(s)
                .isEqualTo(
                        "The ONNX initializers hold 24,960,684 elements, 68,220 fewer than the"
                                + " source model's 25,028,904 parameters: batch norm was folded"
                                + " into the convolutions at export (BN scale and shift became"
                                + " conv weights and biases).");
    }

    @Test
    void deduplicatedInitializersAreNamedWithTheElementsSaved() {
        String s =
                ModelInspector.explainParams(
                        17_690_216, 25_028_904L, List.of(node("Conv")), 9, 7_304_576);

        assertThat(s)
                .contains("batch norm was folded")
                .contains("9 initializers are shared by several nodes")
                .contains("saving 7,304,576 elements");
    }

    @Test
    void missingSourceCountAndExactMatchAreSaidPlainly() {
        assertThat(ModelInspector.explainParams(10, null, List.of(), 0, 0))
                .contains("no source parameter count");
        assertThat(ModelInspector.explainParams(10, 10L, List.of(), 0, 0))
                .isEqualTo(
                        "The ONNX initializers hold exactly the source model's parameter count.");
        assertThat(ModelInspector.explainParams(12, 10L, List.of(node("BatchNormalization")), 0, 0))
                .contains("2 more than")
                .contains("buffers and constants");
    }
}
