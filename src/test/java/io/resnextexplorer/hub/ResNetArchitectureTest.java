package io.resnextexplorer.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.onnx.OnnxModelWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The architecture table and the builder's bookkeeping, on header-only (all-zero) weights. */
class ResNetArchitectureTest {
    @TempDir Path dir;

    /**
     * Parameter counts as timm counts them (seed-models.md; timm's published ResNet counts) and
     * MACs at 224x224 as the Python exporter's FlopCounterMode recorded them in its random-init
     * exports (-1: no Python figure at hand).
     */
    @ParameterizedTest
    @CsvSource({
        "resnext50_32x4d, 25028904, 4230479872",
        "resnext50d_32x4d, 25048136, 4470120448",
        "resnext101_32x8d, 88791336, 16414015488",
        "resnet18, 11689512, -1",
        "resnet50, 25557032, -1",
        "resnet50d, 25576264, -1",
    })
    void countsTheParametersAndMacsTimmCounts(String name, long params, long macs)
            throws Exception {
        ResNetArchitecture arch = ResNetArchitecture.forName(name).orElseThrow();
        Map<String, long[]> keys = SafetensorsFiles.timmKeys(arch, 1000);
        Path file = SafetensorsFiles.writeZeros(dir.resolve(name + ".safetensors"), keys);
        try (Safetensors st = Safetensors.open(file)) {
            ResNetOnnxBuilder.Figures f =
                    ResNetOnnxBuilder.build(arch, st, 1000, 224, 224, new OnnxModelWriter("g", 18));
            assertThat(f.params()).isEqualTo(params);
            assertThat(ResNetOnnxBuilder.fileParameters(st)).isEqualTo(params);
            if (macs >= 0) {
                assertThat(f.macs()).isEqualTo(macs);
            }
            long stages = f.stages().values().stream().mapToLong(v -> v[0]).sum();
            assertThat(stages).isEqualTo(params);
        }
    }

    @Test
    void refusesWeightsWithATensorThePlainArchitectureLacks() throws Exception {
        ResNetArchitecture arch = ResNetArchitecture.forName("resnet18").orElseThrow();
        Map<String, long[]> keys = SafetensorsFiles.timmKeys(arch, 10);
        keys.put("layer1.0.se.fc1.weight", new long[] {4, 64, 1, 1});
        Path file = SafetensorsFiles.writeZeros(dir.resolve("se.safetensors"), keys);
        try (Safetensors st = Safetensors.open(file)) {
            assertThatThrownBy(
                            () ->
                                    ResNetOnnxBuilder.build(
                                            arch, st, 10, 64, 64, new OnnxModelWriter("g", 18)))
                    .hasMessageContaining("layer1.0.se.fc1.weight")
                    .hasMessageContaining("onnx-export");
        }
    }

    @Test
    void refusesAShapeThatDoesNotFit() throws Exception {
        ResNetArchitecture arch = ResNetArchitecture.forName("resnext50_32x4d").orElseThrow();
        Map<String, long[]> keys =
                SafetensorsFiles.timmKeys(
                        ResNetArchitecture.forName("resnext101_32x8d").orElseThrow(), 1000);
        Path file = SafetensorsFiles.writeZeros(dir.resolve("wrong.safetensors"), keys);
        try (Safetensors st = Safetensors.open(file)) {
            assertThatThrownBy(
                            () ->
                                    ResNetOnnxBuilder.build(
                                            arch, st, 1000, 224, 224, new OnnxModelWriter("g", 18)))
                    .hasMessageContaining("layer1.0.conv1.weight")
                    .hasMessageContaining("needs");
        }
    }

    @Test
    void modelArgsOverrideTheRegisteredArchitecture() throws Exception {
        ResNetArchitecture tiny =
                ResNetArchitecture.forName("resnext50d_32x4d")
                        .orElseThrow()
                        .withModelArgs(
                                new ObjectMapper()
                                        .readTree(
                                                "{\"layers\":[1,1,1,1],\"channels\":[8,16,24,32],\"stem_width\":8,\"cardinality\":4,\"base_width\":32}"));
        assertThat(tiny.layers()).containsExactly(1, 1, 1, 1);
        assertThat(tiny.stemOut()).isEqualTo(16);
        assertThat(tiny.bottleneckWidth(8)).isEqualTo(16);
        assertThat(tiny.deepStem()).isTrue();
        assertThat(tiny.avgDown()).isTrue();
        assertThatThrownBy(
                        () ->
                                tiny.withModelArgs(
                                        new ObjectMapper().readTree("{\"attn_layer\":\"se\"}")))
                .hasMessageContaining("attn_layer")
                .hasMessageContaining("onnx-export");
    }

    @Test
    void theDVariantsHaveTheDeepStemAndAveragePoolShortcuts() {
        for (String d :
                new String[] {
                    "resnet18d", "resnet50d", "resnet101d", "resnet152d", "resnext50d_32x4d"
                }) {
            ResNetArchitecture a = ResNetArchitecture.forName(d).orElseThrow();
            assertThat(a.deepStem()).as(d).isTrue();
            assertThat(a.avgDown()).as(d).isTrue();
            assertThat(a.stemWidth()).as(d).isEqualTo(32);
        }
        assertThat(ResNetArchitecture.forName("resnext101_32x8d").orElseThrow().cardinality())
                .isEqualTo(32);
        assertThat(ResNetArchitecture.forName("resnext101_32x8d").orElseThrow().baseWidth())
                .isEqualTo(8);
        assertThat(ResNetArchitecture.forName("vit_base_patch16_224")).isEmpty();
    }
}
