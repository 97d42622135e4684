package io.resnextexplorer.ui.common;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;

/** A loaded model as the GUI sees it; owns native resources until closed. */
public interface ModelHandle extends AutoCloseable {
    ModelInfo info();

    ProviderStatus provider();

    @Override
    void close();
}
