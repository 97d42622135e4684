package io.resnextexplorer.ui.common;

import io.resnextexplorer.inference.ProviderStatus;
import io.resnextexplorer.model.ModelInfo;

/** A loaded model as the GUI sees it; owns native resources until closed. */
public interface ModelHandle extends AutoCloseable {
    ModelInfo info();

    ProviderStatus provider();

    @Override
    void close();
}
