package io.resnextexplorer.ui.metadata;

/**
 * One line of the model card.
 *
 * @param name what the value is ("Parameters")
 * @param value the value as text
 * @param defaulted the file did not say; the value is the app's default
 * @param note a longer explanation for a tooltip, or empty
 */
public record CardRow(String name, String value, boolean defaulted, String note) {}
