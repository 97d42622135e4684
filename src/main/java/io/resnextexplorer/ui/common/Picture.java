package io.resnextexplorer.ui.common;

import io.resnextexplorer.model.RgbImage;

/** A decoded image: its pixels and the name of the format it was decoded from. */
public interface Picture {
    RgbImage image();

    String format();
}
