package io.resnextexplorer.model;

import java.util.Locale;

/** PIL's resampling filters, named as timm names them in a pretrained config. */
public enum Interpolation {
    NEAREST,
    BOX,
    BILINEAR,
    HAMMING,
    BICUBIC,
    LANCZOS;

    /** timm's spelling ("bicubic"), as stored in model metadata. */
    public String timmName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses timm's spelling; "random" and unknown names are rejected.
     *
     * @throws IllegalArgumentException with a message naming the accepted values
     */
    public static Interpolation fromTimmName(String name) {
        for (Interpolation i : values()) {
            if (i.timmName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "unknown interpolation '"
                        + name
                        + "' (expected nearest, box, bilinear, hamming, bicubic or lanczos)");
    }
}
