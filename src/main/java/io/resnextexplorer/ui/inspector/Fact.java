package io.resnextexplorer.ui.inspector;

/**
 * One labelled line of the inspector's property and figure lists.
 *
 * @param label what the value is, e.g. "SHA-256"
 * @param value the value as shown
 * @param note a muted second line (why two figures differ, where a figure comes from), or ""
 * @param kind how the view shows the value
 */
public record Fact(String label, String value, String note, Kind kind) {

    /** How a value is shown. */
    public enum Kind {
        /** Wrapped text. */
        TEXT,
        /** A long token (hash, path) in a read-only field that can be selected and copied. */
        CODE,
        /** Something the reader should not overlook (uncounted operators). */
        WARNING
    }

    public Fact {
        note = note == null ? "" : note;
    }

    static Fact text(String label, String value) {
        return new Fact(label, value, "", Kind.TEXT);
    }

    static Fact text(String label, String value, String note) {
        return new Fact(label, value, note, Kind.TEXT);
    }
}
