package io.resnextexplorer.hub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model the Hub import can fetch: our id, the timm name and tag, the Hub repo, and the published
 * card figures for the four card ids.
 *
 * @param id the id written into the metadata and the file name ({@code <id>.onnx}): a card id, or
 *     {@code <timm name>.<tag>}
 * @param timmName timm architecture name
 * @param tag pretrained tag, e.g. "ra_in1k"
 * @param repo Hub repo id, e.g. "timm/resnext50_32x4d.ra_in1k"
 * @param card the card figures, or null for a model that is not a card
 */
public record HubModel(String id, String timmName, String tag, String repo, Card card) {

    /**
     * Figures published on a timm model card, as the Python exporter's cards.py holds them.
     *
     * @param params published parameter count (rounded, as on the card)
     * @param flops the card's FLOPs figure (its own convention)
     * @param fileSize the card's file size in bytes (of the Hub's model.safetensors)
     * @param top1 ImageNet top-1 %
     * @param top5 ImageNet top-5 %
     * @param license the licence of the weights, as in the repo's config.json
     */
    public record Card(
            long params, long flops, long fileSize, double top1, double top5, String license) {}

    private static final Map<String, HubModel> CARDS = new LinkedHashMap<>();

    static {
        card(
                "resnext50_32x4d",
                "resnext50_32x4d",
                "ra_in1k",
                new Card(25_030_000L, 5_472_648_192L, 100_435_887L, 79.79, 94.61, "apache-2.0"));
        card(
                "resnext50d_32x4d",
                "resnext50d_32x4d",
                "bt_in1k",
                new Card(25_050_000L, 5_781_119_488L, 100_515_304L, 79.67, 94.87, "apache-2.0"));
        card(
                "tv_resnext50_32x4d",
                "resnext50_32x4d",
                "tv_in1k",
                new Card(25_030_000L, 5_472_648_192L, 100_441_675L, 77.61, 93.68, "bsd-3-clause"));
        card(
                "resnext101_32x8d",
                "resnext101_32x8d",
                "tv_in1k",
                new Card(88_790_000L, 21_180_417_024L, 356_082_095L, 79.30, 94.53, "bsd-3-clause"));
    }

    private static void card(String id, String name, String tag, Card c) {
        CARDS.put(id, new HubModel(id, name, tag, "timm/" + name + "." + tag, c));
    }

    /** The four card ids, in the order the library lists them. */
    public static List<String> cardIds() {
        return List.copyOf(CARDS.keySet());
    }

    /** A card by id, or null. */
    public static HubModel card(String id) {
        return CARDS.get(id);
    }

    /**
     * Resolves what the user typed: a card id, {@code <timm name>.<tag>} or {@code timm/<timm
     * name>.<tag>} of the ResNet family this import builds.
     *
     * @throws HubException with a "not supported, use onnx-export" message for anything else
     */
    public static HubModel resolve(String model) throws HubException {
        String m = model.trim();
        HubModel card = CARDS.get(m);
        if (card != null) {
            return card;
        }
        if (m.toLowerCase(Locale.ROOT).startsWith("timm/")) {
            m = m.substring(5);
        }
        int dot = m.indexOf('.');
        String name = dot < 0 ? m : m.substring(0, dot);
        String tag = dot < 0 ? "" : m.substring(dot + 1);
        if (ResNetArchitecture.forName(name).isEmpty()) {
            throw new HubException(
                    "'"
                            + model
                            + "' is not supported by the download: it builds timm's ResNet family"
                            + " (resnet18..152, their \"d\" variants, resnext50/101) and the card ids "
                            + String.join(", ", CARDS.keySet())
                            + ". For any other timm model use onnx-export (Python).");
        }
        if (tag.isEmpty() || !tag.matches("[A-Za-z0-9_\\-]+")) {
            throw new HubException(
                    "'"
                            + model
                            + "' needs a pretrained tag, e.g. "
                            + name
                            + ".a1_in1k (timm's repos are named <name>.<tag>; see"
                            + " huggingface.co/timm)");
        }
        String id = name + "." + tag;
        // A card's own repo under its timm name is still the card (same weights, same figures).
        for (HubModel c : CARDS.values()) {
            if (c.timmName().equals(name) && c.tag().equals(tag)) {
                return c;
            }
        }
        return new HubModel(id, name, tag, "timm/" + id, null);
    }
}
