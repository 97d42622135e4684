package io.resnextexplorer.ui.metadata;

/**
 * One line of the model card.
 *
 * @param name what the value is ("Parameters")
 * @param value the value as text
 * @param defaulted the file did not say; the value is the app's default
 * @param note a longer explanation for a tooltip, or empty
 * @param section which fold of the card it belongs to
 */
public record CardRow(String name, String value, boolean defaulted, String note, Section section) {
    /** The card's folds, in order. */
    public enum Section {
        COMPUTE("Size and compute"),
        MODEL("Model and weights"),
        PREPROCESSING("Preprocessing"),
        RUNTIME("Runtime");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** A row of the {@link Section#MODEL} fold. */
    public CardRow(String name, String value, boolean defaulted, String note) {
        this(name, value, defaulted, note, Section.MODEL);
    }

    CardRow in(Section s) {
        return new CardRow(name, value, defaulted, note, s);
    }
}
