package io.resnextexplorer.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 1000 ImageNet-1k class names as timm ships them offline ({@code
 * timm.data.ImageNetInfo().index_to_description(i)}), used for plain ONNX files with 1000 classes.
 */
public final class ImageNetLabels {
    private static final String RESOURCE = "imagenet1k_labels.txt";
    private static volatile List<String> labels;

    private ImageNetLabels() {}

    public static List<String> get() {
        List<String> l = labels;
        if (l == null) {
            l = load();
            labels = l;
        }
        return l;
    }

    private static List<String> load() {
        try (InputStream in = ImageNetLabels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            List<String> l =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .lines()
                            .toList();
            if (l.size() != 1000) {
                throw new IllegalStateException(RESOURCE + " has " + l.size() + " lines");
            }
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
