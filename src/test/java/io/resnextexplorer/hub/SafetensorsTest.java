package io.resnextexplorer.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir Path dir;

    @Test
    void readsFloat32Float16AndBfloat16AsFloats() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2.25f);
        data.putShort((short) 0x3c00).putShort((short) 0xc000); // F16 1.0, -2.0
        data.putShort((short) 0x3f80).putShort((short) 0x4049); // BF16 1.0, 3.140625
        String header =
                "{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"h\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]}}";
        Path f = SafetensorsFiles.write(dir.resolve("t.safetensors"), header, 16, data.array());
        try (Safetensors st = Safetensors.open(f)) {
            assertThat(st.metadata()).containsEntry("format", "pt");
            assertThat(st.floats("a")).containsExactly(1.5f, -2.25f);
            assertThat(st.floats("h")).containsExactly(1.0f, -2.0f);
            assertThat(st.floats("b")).containsExactly(1.0f, 3.140625f);
            assertThat(st.tensors().get("h").shape()).containsExactly(1, 2);
        }
    }

    @Test
    void convertsHalfPrecisionSubnormalsAndSpecials() {
        assertThat(Safetensors.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Safetensors.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(Safetensors.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Safetensors.halfToFloat((short) 0x7e00)).isNaN();
        assertThat(Safetensors.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
    }

    @Test
    void refusesAHeaderLengthBeyondTheFile() throws Exception {
        Path f = dir.resolve("long.safetensors");
        Files.write(
                f,
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertThatThrownBy(() -> Safetensors.open(f))
                .hasMessageContaining("header length")
                .hasMessageContaining("does not fit");
    }

    @Test
    void refusesATruncatedFile() throws Exception {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Safetensors.open(f)).hasMessageContaining("shorter than");
    }

    @Test
    void refusesAHeaderThatIsNotJson() throws Exception {
        Path f = SafetensorsFiles.write(dir.resolve("nj.safetensors"), "{not json", 0, null);
        assertThatThrownBy(() -> Safetensors.open(f)).hasMessageContaining("not JSON");
    }

    @Test
    void refusesAnUnknownDtype() throws Exception {
        Path f =
                SafetensorsFiles.write(
                        dir.resolve("dt.safetensors"),
                        "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                        8,
                        null);
        assertThatThrownBy(() -> Safetensors.open(f)).hasMessageContaining("unsupported dtype");
    }

    @Test
    void refusesABytesCountThatDoesNotMatchTheShape() throws Exception {
        Path f =
                SafetensorsFiles.write(
                        dir.resolve("sz.safetensors"),
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                        8,
                        null);
        assertThatThrownBy(() -> Safetensors.open(f))
                .hasMessageContaining("8 bytes for 3 F32 values");
    }

    @Test
    void refusesOffsetsOutsideTheFile() throws Exception {
        Path f =
                SafetensorsFiles.write(
                        dir.resolve("out.safetensors"),
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                        8,
                        null);
        assertThatThrownBy(() -> Safetensors.open(f)).hasMessageContaining("outside the file");
    }

    @Test
    void refusesOverlappingTensors() throws Exception {
        Path f =
                SafetensorsFiles.write(
                        dir.resolve("ov.safetensors"),
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        12,
                        null);
        assertThatThrownBy(() -> Safetensors.open(f)).hasMessageContaining("overlap");
    }

    @Test
    void refusesNegativeDimensions() throws Exception {
        Path f =
                SafetensorsFiles.write(
                        dir.resolve("neg.safetensors"),
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}",
                        0,
                        null);
        assertThatThrownBy(() -> Safetensors.open(f)).hasMessageContaining("bad dimension");
    }
}
