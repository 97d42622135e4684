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
                                + " source model's 25,028,904 parameters: 68,220 elements are"
                                + " not explained by sharing; the graph has convolutions and no"
                                + " BatchNormalization node, as when batch norm is folded into"
                                + " the convolutions at export (BN scale and shift become conv"
                                + " weights and biases), though the graph alone cannot rule out"
                                + " other merged or dropped tensors.");
    }

    @Test
    void deduplicatedInitializersAreNamedWithTheElementsSaved() {
        String s =
                ModelInspector.explainParams(
                        17_690_216, 25_028_904L, List.of(node("Conv")), 9, 7_304_576);

        assertThat(s)
                .contains("batch norm is folded")
                .contains("the other 34,112 elements are not explained by sharing")
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

    @Test
    void aShortfallCoveredBySharingDoesNotClaimBatchNormFolding() {
        // vit_tiny_patch16_224 from our exporter: a patch-embedding Conv, no BN, 18 shared tensors.
        String s =
                ModelInspector.explainParams(
                        5_688_640, 5_717_416L, List.of(node("Conv"), node("MatMul")), 18, 28_961);

        assertThat(s)
                .doesNotContain("batch norm")
                .isEqualTo(
                        "The ONNX initializers hold 5,688,640 elements, 28,776 fewer than the"
                                + " source model's 5,717,416 parameters: 18 initializers are shared"
                                + " by several nodes (the exporter deduplicated identical tensors,"
                                + " saving 28,961 elements); counted once per use they would hold"
                                + " 5,717,601, 185 more than the source model: initializers that"
                                + " are not torch parameters (shapes, axes, constants).");
        assertThat(ModelInspector.explainParams(90, 100L, List.of(node("Conv")), 1, 10))
                .contains("counted once per use they hold exactly the source model's count")
                .doesNotContain("batch norm");
    }

    @Test
    void noConvolutionsMeansNoBatchNormClaim() {
        assertThat(ModelInspector.explainParams(90, 100L, List.of(node("MatMul")), 0, 0))
                .doesNotContain("batch norm")
                .contains("buffers and constants");
    }
}
