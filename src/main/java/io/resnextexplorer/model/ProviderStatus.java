package io.resnextexplorer.model;

/**
 * What was asked for and what runs.
 *
 * @param requested the provider the user chose
 * @param used the provider the session actually runs on
 * @param note why they differ (e.g. the CUDA library could not be loaded), or empty
 */
public record ProviderStatus(ExecutionProvider requested, ExecutionProvider used, String note) {
    public boolean fellBack() {
        return requested != used;
    }
}
