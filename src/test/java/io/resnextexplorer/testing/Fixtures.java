package io.resnextexplorer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/** Reads the fixtures made by {@code onnx-export/make_decode_fixtures.py}. */
public final class Fixtures {
    private Fixtures() {}

    /** Raw bytes of a test resource, gunzipped when the name ends in ".gz". */
    public static byte[] bytes(String resource) {
        try (InputStream in = open(resource)) {
            return resource.endsWith(".gz")
                    ? new GZIPInputStream(in).readAllBytes()
                    : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A little-endian float32 resource as floats. */
    public static float[] floats(String resource) {
        byte[] b = bytes(resource);
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    public static JsonNode json(String resource) {
        try (InputStream in = open(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File-system path of a test resource (resources are unpacked in target/test-classes). */
    public static Path path(String resource) {
        try {
            return Paths.get(Fixtures.class.getResource("/" + resource).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Fixtures.class.getResourceAsStream("/" + resource);
        if (in == null) {
            throw new IllegalStateException(
                    "missing test resource "
                            + resource
                            + "; run python3 onnx-export/make_decode_fixtures.py");
        }
        return in;
    }
}
