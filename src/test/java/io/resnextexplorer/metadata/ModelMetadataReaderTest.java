package io.resnextexplorer.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelSignature;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata written by hand or by another tool: each malformed value gives a {@link
 * MetadataException} whose message names the key and what was wrong (the window and the CLI show
 * that message, not a trace), or a stated default listed in {@link ModelInfo#defaulted()}.
 */
class ModelMetadataReaderTest {
    private static final Path FILE = Path.of("m.onnx");

    /** A fixed 3x224x224 input and 3 classes: small enough to write labels by hand. */
    private static final ModelSignature SIGNATURE =
            new ModelSignature(
                    "input", new long[] {-1, 3, 224, 224}, Map.of("logits", new long[] {-1, 3}));

    private static ModelInfo read(Map<String, String> metadata) {
        return ModelMetadataReader.read(FILE, 1234, metadata, SIGNATURE, 17L);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = new HashMap<>();
        m.put(MetadataKeys.SCHEMA, "1");
        m.put(key, value);
        return m;
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(MetadataKeys.PREPROCESS, "{\"crop_pct\": 0.9", "not valid JSON"),
                Arguments.of(MetadataKeys.PREPROCESS, "[0.9]", "must be a JSON object"),
                Arguments.of(MetadataKeys.PREPROCESS, "{\"input_size\": 224}", "input_size"),
                Arguments.of(
                        MetadataKeys.PREPROCESS, "{\"input_size\": [3, \"a\", 224]}", "input_size"),
                Arguments.of(MetadataKeys.PREPROCESS, "{\"crop_pct\": \"most\"}", "crop_pct"),
                Arguments.of(MetadataKeys.PREPROCESS, "{\"mean\": 0.5}", "mean"),
                Arguments.of(MetadataKeys.PREPROCESS, "{\"std\": [0.2, \"x\", 0.2]}", "std"),
                Arguments.of(MetadataKeys.PREPROCESS, "{\"interpolation\": \"sinc\"}", "sinc"),
                Arguments.of(MetadataKeys.LABELS, "[\"cat\", \"dog\"", "not valid JSON"),
                Arguments.of(MetadataKeys.LABELS, "{\"0\": \"cat\"}", "JSON array of 3"),
                Arguments.of(MetadataKeys.LABELS, "[\"cat\", \"dog\"]", "found 2 entries"),
                Arguments.of(MetadataKeys.LABELS, "[\"cat\", \"dog\", {\"x\": 1}]", "names"),
                Arguments.of(MetadataKeys.CARD, "{\"params\": \"many\"}", "params"),
                Arguments.of(MetadataKeys.WEIGHTS, "not json", "not valid JSON"),
                Arguments.of(MetadataKeys.OUTPUTS, "{\"logits\": 3}", "names output"),
                Arguments.of(MetadataKeys.SCHEMA, "one", "must be an integer"),
                Arguments.of(MetadataKeys.SOURCE_PARAMS, "1e6", "must be an integer"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("malformed")
    void malformedValueGivesAMetadataExceptionNamingTheProblem(
            String key, String value, String expected) {
        assertThatThrownBy(() -> read(with(key, value)))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining(key.equals(MetadataKeys.SCHEMA) ? key : expected)
                .hasMessageContaining(expected);
    }

    @Test
    void aFineTunedCheckpointSaysWhereItStartedAndHowManyClassesItHas() {
        Map<String, String> m =
                with(
                        MetadataKeys.WEIGHTS,
                        "{\"kind\": \"checkpoint\", \"file\": \"ft3.pth\", \"sha256\": \"ab\","
                                + " \"base_model\": \"resnext50_32x4d\","
                                + " \"fine_tuned_from\": \"resnext50_32x4d.ra_in1k\"}");
        m.put(MetadataKeys.NUM_CLASSES, "3");
        assertThat(read(m).weights().summary())
                .isEqualTo(
                        "fine-tuned from resnext50_32x4d.ra_in1k, 3 classes (checkpoint ft3.pth)");
        m.put(
                MetadataKeys.WEIGHTS,
                "{\"kind\": \"checkpoint\", \"file\": \"ft3.pth\", \"sha256\": \"ab\","
                        + " \"base_model\": \"resnext50_32x4d\"}");
        assertThat(read(m).weights().summary())
                .isEqualTo("fine-tuned from resnext50_32x4d, 3 classes (checkpoint ft3.pth)");
        m.put(MetadataKeys.WEIGHTS, "{\"kind\": \"checkpoint\", \"file\": \"old.pth\"}");
        assertThat(read(m).weights().summary()).isEqualTo("checkpoint old.pth");
    }

    @Test
    void aNewerSchemaIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> read(with(MetadataKeys.SCHEMA, "2")))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("schema 2")
                .hasMessageContaining("reads up to " + MetadataKeys.SCHEMA_VERSION)
                .hasMessageContaining("Update the app or re-export the model");
    }

    @Test
    void noMetadataAtAllGivesTheStatedDefaultsAndListsThem() {
        ModelInfo info = read(Map.of());

        assertThat(info.labels()).containsExactly("class 0", "class 1", "class 2");
        assertThat(info.preprocess().cropPct()).isEqualTo(0.875);
        assertThat(info.defaulted())
                .contains("labels", "interpolation", "crop_pct", "mean", "std", "outputs");
    }

    @Test
    void anUnknownWeightsKindIsShownAsUnknownRatherThanRefused() {
        ModelInfo info = read(with(MetadataKeys.WEIGHTS, "{\"kind\": \"distilled\"}"));

        assertThat(info.weights().summary()).contains("unknown weights origin 'distilled'");
    }

    @Test
    void anInt8VariantsQuantizationIsReadAndSaidInOneLineBesideTheUnchangedWeightsOrigin() {
        Map<String, String> m =
                with(
                        MetadataKeys.QUANTIZATION,
                        "{\"method\":\"static\",\"format\":\"QDQ\",\"activations\":\"uint8\","
                                + "\"weights\":\"int8\",\"per_channel\":true,"
                                + "\"calibration_images\":5,\"calibration_source\":\"user\"}");
        m.put(MetadataKeys.WEIGHTS, "{\"kind\": \"random-init\", \"seed\": 0}");

        ModelInfo info = read(m);

        assertThat(info.quantization().summary())
                .isEqualTo("int8 (static, per-channel U8S8 QDQ, calibrated on 5 user images)");
        assertThat(info.weights().untrained()).isTrue();
        assertThat(read(with(MetadataKeys.ID, "fp32")).quantization()).isNull();
    }

    @Test
    void malformedQuantizationIsRefusedWithTheKeysName() {
        assertThatThrownBy(() -> read(with(MetadataKeys.QUANTIZATION, "[1]")))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining(MetadataKeys.QUANTIZATION);
    }
}
