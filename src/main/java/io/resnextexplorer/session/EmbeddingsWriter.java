package io.resnextexplorer.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes image embeddings (pooled pre-logits features, one row per image): a float32 NumPy {@code
 * .npy} of shape [rows, C] with a JSON file beside it naming the image of each row, the model and
 * its weights origin (so untrained features are flagged there), and the images that failed; or all
 * of it as one JSON document.
 */
public final class EmbeddingsWriter {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EmbeddingsWriter() {}

    /** The file beside {@code npy} that names its rows: {@code emb.npy} -> {@code emb.npy.json}. */
    public static Path sidecar(Path npy) {
        return npy.resolveSibling(npy.getFileName() + ".json");
    }

    /**
     * The description of the embeddings: schema version, model (as in results), dimension, the
     * images in row order (with their vectors when {@code withVectors}), then the failed images
     * with their reasons. Results without an embedding count as failed.
     */
    public static ObjectNode document(
            ModelInfo model,
            ProviderStatus provider,
            List<ImageResult> results,
            boolean withVectors) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", ResultsWriter.SCHEMA_VERSION);
        root.put("kind", "embeddings");
        root.set("model", ResultsWriter.model(model, provider));
        root.put(
                "features",
                "global average of the final feature map (timm forward_head(..., pre_logits=True))");
        if (model.weights().untrained()) {
            root.put(
                    "untrained",
                    "UNTRAINED (random-init) weights: these features describe no image content");
        }
        int dim = 0;
        ArrayNode rows = root.putArray("rows");
        ArrayNode failed = root.putArray("failed");
        for (ImageResult r : results) {
            float[] e = r.ok() ? r.classification().embedding() : null;
            if (e == null) {
                ObjectNode f = failed.addObject();
                f.put("image", r.image().id());
                f.put("error", r.ok() ? Messages.noFeatures(model.id()) : r.error());
                continue;
            }
            dim = e.length;
            ObjectNode row = rows.addObject();
            row.put("image", r.image().id());
            if (withVectors) {
                ArrayNode v = row.putArray("embedding");
                for (float x : e) {
                    v.add(x);
                }
            }
        }
        root.put("dimension", dim);
        return root;
    }

    /** {@link #document} as indented JSON text ending in a newline. */
    public static String json(
            ModelInfo model,
            ProviderStatus provider,
            List<ImageResult> results,
            boolean withVectors) {
        try {
            return MAPPER.writeValueAsString(document(model, provider, results, withVectors))
                    + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code npy} (the successful rows, in order) and its {@link #sidecar}.
     *
     * @return the number of rows written
     */
    public static int write(
            Path npy, ModelInfo model, ProviderStatus provider, List<ImageResult> results)
            throws IOException {
        List<float[]> rows =
                results.stream()
                        .filter(ImageResult::ok)
                        .map(r -> r.classification().embedding())
                        .filter(e -> e != null)
                        .toList();
        int dim = rows.isEmpty() ? 0 : rows.get(0).length;
        Files.write(npy, npy(rows, dim));
        Files.writeString(sidecar(npy), json(model, provider, results, false));
        return rows.size();
    }

    /**
     * A NumPy format 1.0 file: float32 little-endian, C order, shape [rows, dim].
     *
     * @throws IllegalArgumentException when a row's length is not {@code dim}
     */
    public static byte[] npy(List<float[]> rows, int dim) {
        String dict =
                String.format(
                        Locale.ROOT,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                        rows.size(),
                        dim);
        // Magic (6) + version (2) + header length (2) + header, padded with spaces and ended by
        // a newline so the data starts on a 64-byte boundary, as the format asks.
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + 4 * rows.size() * dim)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : rows) {
            if (row.length != dim) {
                throw new IllegalArgumentException(
                        "row of " + row.length + " values in a [N, " + dim + "] array");
            }
            for (float x : row) {
                b.putFloat(x);
            }
        }
        return b.array();
    }
}
