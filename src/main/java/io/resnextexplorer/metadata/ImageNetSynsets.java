package io.resnextexplorer.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 1000 ImageNet-1k WordNet synset ids ({@code n01440764} ...) in class-index order, as timm
 * ships them offline: {@code timm/data/_info/imagenet_synsets.txt} of timm 1.0.29, copied unchanged
 * (it is the order of {@link ImageNetLabels} and of torchvision's ImageNet classes). The ImageNet
 * validation set in the ImageFolder layout names its folders by these ids.
 */
public final class ImageNetSynsets {
    private static final String RESOURCE = "imagenet1k_synsets.txt";
    private static volatile List<String> synsets;

    private ImageNetSynsets() {}

    /** The synset ids, index = class index of an ImageNet-1k model. */
    public static List<String> get() {
        List<String> s = synsets;
        if (s == null) {
            s = load();
            synsets = s;
        }
        return s;
    }

    /** Whether a model's class names are the ImageNet-1k list (so synset ids apply to it). */
    public static boolean isImageNet1k(List<String> labels) {
        return labels.size() == 1000 && labels.equals(ImageNetLabels.get());
    }

    private static List<String> load() {
        try (InputStream in = ImageNetSynsets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            List<String> l =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .lines()
                            .map(String::strip)
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
